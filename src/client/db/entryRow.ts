/**
 * The device's copy of the server's truth for one register entry (one pupil, one session): the
 * head the conflict rules chose and the review flag. It comes from the snapshot, from pulled
 * events folded with the domain's `stepEntry`, and from push acknowledgements. The register shows
 * it with any pending outbox rows laid over it. Cleared and rebuilt on a reset; never edited by a
 * tap (a tap writes the outbox).
 */
import { z } from 'zod';
import { ROLES } from '../../domain/index';
import { sessionField, sessionKeyField } from './rowFields';

export const entryRowSchema = z.object({
  pupilId: z.uuid(),
  sessionKey: sessionKeyField,
  session: sessionField,
  code: z.string(),
  minutesLate: z.int().nullable(),
  /** Unknown for entries taken from a snapshot (the snapshot does not carry it). */
  arrivedAt: z.string().nullable(),
  headEventId: z.uuid(),
  /**
   * The head event's place in the server order. A pulled event or an acknowledgement is applied
   * only when its `serverSeq` is above this, so nothing is folded in twice.
   */
  headSeq: z.int(),
  headRole: z.enum(ROLES),
  needsReview: z.boolean(),
});

export type EntryRow = z.infer<typeof entryRowSchema>;
