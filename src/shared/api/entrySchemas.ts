/**
 * A pupil's entries with their whole history (`GET /api/pupils/:id/entries`): each entry's current
 * value, its original entry, every amendment with the five fields the law asks for (original and
 * new entry, reason, date, name and position of who made it), and every event anyone recorded,
 * including the marks that did not change it.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/index';
import { ackStatusSchema, localDateSchema, sessionRefSchema, wireDateSchema } from './syncSchemas';

export const pupilEntriesQuerySchema = z
  .strictObject({ from: wireDateSchema, to: wireDateSchema })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

const actorSchema = z.strictObject({ staffId: z.uuid(), name: z.string(), role: z.enum(ROLES) });
const valueSchema = z.strictObject({ code: z.string(), minutesLate: z.int().nullable() });

/** A mark taken back moments after it was made (an undo), with who did it and when. */
const withdrawalSchema = z.strictObject({
  withdrawn: valueSchema,
  markedAt: z.string(),
  withdrawnAt: z.string(),
  by: actorSchema,
  deviceId: z.uuid().nullable(),
  recordedAt: z.string(),
  /** How long after the mark it was undone, by the tablet's clock, in milliseconds. */
  afterMs: z.int(),
});

/** Every event anyone recorded for an entry, including the ones that did not change it. */
const entryEventSchema = z.strictObject({
  serverSeq: z.int(),
  eventId: z.uuid(),
  /** Present only on a withdrawal (an undo), whose code is the mark it took back. */
  kind: z.enum(['withdrawn']).optional(),
  code: z.string(),
  minutesLate: z.int().nullable(),
  reason: z.string().nullable(),
  status: ackStatusSchema,
  statusDetail: z.string().nullable(),
  by: actorSchema,
  deviceId: z.uuid().nullable(),
  /** What people call the device (the name an admin gave it); null when it has none. */
  deviceName: z.string().nullable(),
  recordedAt: z.string(),
  receivedAt: z.string(),
});

export const entryHistorySchema = z.strictObject({
  session: sessionRefSchema,
  code: z.string(),
  minutesLate: z.int().nullable(),
  needsReview: z.boolean(),
  original: z.strictObject({
    code: z.string(),
    minutesLate: z.int().nullable(),
    by: actorSchema,
    enteredAt: z.string(),
    deviceId: z.uuid().nullable(),
    recordedAt: z.string(),
  }),
  amendments: z.array(
    z.strictObject({
      from: valueSchema,
      to: valueSchema,
      reason: z.string().nullable(),
      amendedAt: z.string(),
      by: actorSchema,
      deviceId: z.uuid().nullable(),
      recordedAt: z.string(),
    }),
  ),
  /** Marks withdrawn before the original entry was made (an undo of a first mark). */
  withdrawals: z.array(withdrawalSchema).default([]),
  events: z.array(entryEventSchema),
});
export type EntryHistory = z.infer<typeof entryHistorySchema>;

/** An entry that has no mark now because its mark was withdrawn: its withdrawals and events. */
export const clearedEntrySchema = z.strictObject({
  session: sessionRefSchema,
  withdrawals: z.array(withdrawalSchema),
  events: z.array(entryEventSchema),
});
export type ClearedEntry = z.infer<typeof clearedEntrySchema>;

export const pupilEntriesResponseSchema = z.strictObject({
  pupil: z.strictObject({ id: z.uuid(), displayName: z.string() }),
  from: localDateSchema,
  to: localDateSchema,
  entries: z.array(entryHistorySchema),
  /** Sessions whose mark was withdrawn and that have no mark now; absent from older servers. */
  cleared: z.array(clearedEntrySchema).default([]),
});
export type PupilEntriesResponse = z.infer<typeof pupilEntriesResponseSchema>;
