/**
 * One mark this device made: the outbox keeps every mark in device order (`localSeq`), until a
 * retention job removes old acknowledged rows. A row is `pending` until the server acknowledges
 * it, then `acked` (recorded, whatever the conflict rules made of it) or `rejected` (refused, with
 * the server's reason for the teacher to read). Rows are never dropped for being awkward: a
 * rejected row stays visible and never blocks the rows behind it.
 *
 * Two numbers, because they do different jobs: `localSeq` is the device's own order, given by
 * IndexedDB when the tap is saved and never changed; `wireSeq` is the `clientSeq` the server
 * numbers the device's events by, given only when the row is first sent (sync/wireNumbers.ts).
 * The server refuses a batch with a rule-breaking mark whole and stores nothing, so the marks
 * behind a refused one must be sent again under fresh numbers: a primary key could not do that.
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
  /** Device order, assigned by IndexedDB (`++localSeq`). Never renumbered. */
  localSeq: z.int().min(1),
  v: z.literal(OUTBOX_ROW_VERSION),
  /**
   * The `clientSeq` this row was (or is being) sent under; null until it is first sent. Kept
   * while the server has not answered (a resend must carry the same number); cleared when the
   * server refuses the batch without storing it, or when the device is enrolled under a new id.
   * On an acknowledged row it records the number the server acknowledged; a rejected row has none.
   */
  wireSeq: z.int().min(1).nullable(),
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
  /**
   * The trip the mark was made through: sent as the push event's `tripId`. Optional, so
   * rows queued before trips existed read as they always did (no Dexie upgrade needed).
   */
  tripId: z.uuid().nullable().optional(),
  /**
   * `withdrawn` on an undo of a first mark (the row's code is the mark it takes back, named by
   * `baseEventId`); absent on a mark, so rows queued before undo existed read as they did.
   */
  kind: z.enum(['mark', 'withdrawn']).optional(),
});

export type OutboxRow = z.infer<typeof outboxRowSchema>;
/** What `recordMark` adds: IndexedDB assigns `localSeq`. */
export type NewOutboxRow = Omit<OutboxRow, 'localSeq'>;
