/**
 * One mark this device made: the outbox keeps every mark in device order (`clientSeq`), until a
 * retention job removes old acknowledged rows. A row is `pending` until the server acknowledges
 * it, then `acked` (recorded, whatever the conflict rules made of it) or `rejected` (refused, with
 * the server's reason for the teacher to read). Rows are never dropped for being awkward: a
 * rejected row stays visible and never blocks the rows behind it.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/index';
import { ackStatusSchema } from '../../shared/api/syncSchemas';
import { instantField, sessionField, sessionKeyField } from './rowFields';

/** The shape version of an outbox row; a change of meaning needs a Dexie upgrade (appDb.ts). */
export const OUTBOX_ROW_VERSION = 1;

export const outboxStatusSchema = z.enum(['pending', 'acked', 'rejected']);
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

export const outboxRowSchema = z.object({
  /** Device order, assigned by IndexedDB (`++clientSeq`): the push order. Never renumbered. */
  clientSeq: z.int().min(1),
  v: z.literal(OUTBOX_ROW_VERSION),
  eventId: z.uuid(),
  pupilId: z.uuid(),
  /** With `pupilId`, the entry this mark changes. */
  sessionKey: sessionKeyField,
  session: sessionField,
  code: z.string().min(1),
  minutesLate: z.int().min(0).nullable(),
  arrivedAt: instantField.nullable(),
  reason: z.string().nullable(),
  /** The head the author saw: the entry's latest pending mark, else its server head, else null. */
  baseEventId: z.uuid().nullable(),
  actorStaffId: z.uuid(),
  /**
   * The author's role as the device knew it. Not sent (the server decides the role); it sets the
   * local entry's `headRole` when an acknowledgement makes this mark the head, and a later pull
   * of the same event corrects it.
   */
  actorRole: z.enum(ROLES),
  /** ISO instant on the device's clock: evidence only, never used to order marks. */
  recordedAt: instantField,
  status: outboxStatusSchema,
  serverSeq: z.int().nullable(),
  /** What the conflict rules made of the mark (`applied`, `conflict`, …), once acknowledged. */
  ackStatus: ackStatusSchema.nullable(),
  /** The server's reason for a rejection, a conflict or a superseded mark, in plain English. */
  ackReason: z.string().nullable(),
});

export type OutboxRow = z.infer<typeof outboxRowSchema>;
/** What `recordMark` adds: IndexedDB assigns `clientSeq`. */
export type NewOutboxRow = Omit<OutboxRow, 'clientSeq'>;
