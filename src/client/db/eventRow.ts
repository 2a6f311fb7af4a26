/**
 * One server event pulled to this device, as the server sent it plus its `sessionKey` for the
 * `[pupilId+sessionKey]` index: the local copy of the school's log, in server order. Kept for the
 * entry's history on the device; cleared on a reset.
 */
import type { z } from 'zod';
import { serverEventSchema } from '../../shared/api/syncSchemas';
import { sessionKeyField } from './rowFields';

export const eventRowSchema = serverEventSchema.extend({ sessionKey: sessionKeyField });

export type EventRow = z.infer<typeof eventRowSchema>;
