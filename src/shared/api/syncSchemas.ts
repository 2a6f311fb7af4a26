/**
 * The sync protocol on the wire (docs/design.md §7). The tablet pushes its
 * outbox in device order (`clientSeq`) and pulls the school's event log after a cursor in server
 * order (`serverSeq`). Both ends parse with these schemas; objects are strict, so an unknown field
 * is an error rather than something silently dropped.
 */
import { z } from 'zod';
import { queuedFreeText } from './plainText';
import { ROLES } from '../../domain/index';
import { isoInstantSchema, localDateSchema, wireDateSchema, wireInstantSchema } from './wireTime';

export { localDateSchema, wireDateSchema, wireInstantSchema } from './wireTime';

/** Bumped when the wire shape changes incompatibly; the server refuses versions it cannot read. */
export const SYNC_PROTOCOL_VERSION = 1;
/** The most events one push may carry; larger outboxes go in several ordered batches. */
export const MAX_PUSH_EVENTS = 500;
export const MAX_PULL_LIMIT = 1000;
export const MAX_REASON_LENGTH = 500;

/** A session as an answer names it. */
export const sessionRefSchema = z.strictObject({
  date: localDateSchema,
  part: z.enum(['AM', 'PM']),
});

/** A session as a request names it: its date within the dates requests may carry (wireTime.ts). */
export const wireSessionRefSchema = z.strictObject({
  date: wireDateSchema,
  part: z.enum(['AM', 'PM']),
});

const isoInstant = isoInstantSchema;

/**
 * Free text that is stored as typed, without bidirectional controls and invisible characters
 * (stripped, so a queued mark is never refused for them) and never with NUL (which PostgreSQL
 * text cannot hold) or another control character (refused; plainText.ts).
 */
const storableText = (max: number) => queuedFreeText({ max });

/**
 * One outbox row as the device sends it. The author's role is not sent: the server knows it.
 *
 * `clientSeq` numbers the device's events 1, 2, 3… in the order the server must apply them. A
 * device gives an event its number when it first sends it and keeps it until the server answers:
 * after a lost response it resends under the same numbers (the server recognises them), and after
 * a 422 `events_rejected` — which stores nothing — it drops the refused events and numbers the rest
 * afresh from the server's `expected` number.
 */
/**
 * What an event does (domain markEvent.ts): `mark` records its code; `withdrawn` takes back the
 * mark named by `baseEventId` (an undo), carrying that mark's code and minutes late. Optional:
 * absent means a mark, so devices and pages from before withdrawals read as they did.
 */
export const eventKindSchema = z.enum(['mark', 'withdrawn']);

export const pushEventSchema = z.strictObject({
  clientSeq: z.int().min(1),
  kind: eventKindSchema.optional(),
  eventId: z.uuid(),
  actorStaffId: z.uuid(),
  pupilId: z.uuid(),
  session: wireSessionRefSchema,
  code: z.string().min(1).max(8),
  minutesLate: z
    .int()
    .min(0)
    .max(24 * 60)
    .nullable(),
  arrivedAt: wireInstantSchema.nullable(),
  reason: storableText(MAX_REASON_LENGTH).nullable(),
  baseEventId: z.uuid().nullable(),
  recordedAt: wireInstantSchema,
  /**
   * The trip the mark was made through, when a trip leader marks the trip's register.
   * Optional, so a device built before trips pushes as it always did. The server then checks the
   * author leads the trip, the pupil is on it and the session is one of its sessions.
   */
  tripId: z.uuid().optional(),
});
export type PushEvent = z.infer<typeof pushEventSchema>;

export const pushRequestSchema = z.strictObject({
  protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
  deviceId: z.uuid(),
  /** The device's latest estimate of server time minus its own clock: stored as evidence. */
  clockOffsetMs: z.int().nullable(),
  events: z.array(pushEventSchema).min(1).max(MAX_PUSH_EVENTS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const ackStatusSchema = z.enum([
  'applied',
  'duplicate_value',
  'superseded',
  'conflict',
  'rejected',
]);
export type AckStatus = z.infer<typeof ackStatusSchema>;

/** The entry as it stands after an event: its head, so a device can apply the ack exactly. */
export const entryHeadSchema = z.strictObject({
  code: z.string(),
  minutesLate: z.int().nullable(),
  headEventId: z.uuid(),
  headSeq: z.int(),
  headRole: z.enum(ROLES),
  needsReview: z.boolean(),
});

/** `details` of a 422 `events_rejected` answer: the events the rules refused, and why. */
export const eventsRejectedDetailsSchema = z.strictObject({
  /** The number the device's next new event must carry (nothing from the batch was used). */
  expected: z.int().min(1),
  rejected: z.array(z.strictObject({ eventId: z.uuid(), clientSeq: z.int(), message: z.string() })),
});
export type EventsRejectedDetails = z.infer<typeof eventsRejectedDetailsSchema>;

export const pushAckSchema = z.strictObject({
  eventId: z.uuid(),
  clientSeq: z.int(),
  serverSeq: z.int(),
  status: ackStatusSchema,
  /** Why an event was rejected, superseded or in conflict, in plain English; null when applied. */
  reason: z.string().nullable(),
  /**
   * The entry as it stands after this event; null for a rejected event, and when the entry has
   * no mark after it (a withdrawal took its mark back).
   */
  entry: entryHeadSchema.nullable(),
});
export type PushAck = z.infer<typeof pushAckSchema>;

export const pushResponseSchema = z.strictObject({
  acks: z.array(pushAckSchema),
  lastClientSeq: z.int(),
  headSeq: z.int(),
  serverTime: isoInstant,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** An event as the server stored it, for other devices to fold. */
export const serverEventSchema = z.strictObject({
  serverSeq: z.int().min(1),
  /** Present only on a withdrawal, so every other event reads as it did before. */
  kind: eventKindSchema.optional(),
  eventId: z.uuid(),
  pupilId: z.uuid(),
  session: sessionRefSchema,
  code: z.string(),
  minutesLate: z.int().nullable(),
  arrivedAt: isoInstant.nullable(),
  /**
   * The reason given with the mark, or null: null also when the reader may not read it (a
   * teacher, for a pupil outside their classes and trips; docs/api.md "Who reads reasons").
   * Withheld as null, never left out, so a tablet built before the rule still parses the page.
   */
  reason: z.string().nullable(),
  baseEventId: z.uuid().nullable(),
  actor: z.strictObject({ staffId: z.uuid(), name: z.string(), role: z.enum(ROLES) }),
  deviceId: z.uuid().nullable(),
  recordedAt: isoInstant,
  receivedAt: isoInstant,
  status: ackStatusSchema,
  statusDetail: z.string().nullable(),
  /** The trip the mark was made through; absent for every other mark. */
  tripId: z.uuid().optional(),
});
export type ServerEvent = z.infer<typeof serverEventSchema>;

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT),
  /** The database epoch the cursor belongs to; a different epoch (a restore) means reset. */
  epoch: z.uuid().optional(),
  /** The roster version the device holds; the answer carries the roster when it has changed. */
  rosterVersion: z.coerce.number().int().min(0).default(0),
});

/** What a register tile flags (docs/design.md §5 "Photos and flags"): never the note behind it. */
export const PUPIL_FLAGS = ['medical', 'sen', 'eal'] as const;
export const pupilFlagSchema = z.enum(PUPIL_FLAGS);
export type PupilFlag = z.infer<typeof pupilFlagSchema>;

export const rosterPupilSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  sortName: z.string(),
  groupId: z.uuid(),
  onRollFrom: localDateSchema,
  onRollTo: localDateSchema.nullable(),
  /** None when absent (a roster stored before flags existed). */
  flags: z.array(pupilFlagSchema).optional(),
  /** The pupil's photo (an opaque id for `photos.get`) while the school shows photos. */
  photoId: z.uuid().nullable().optional(),
});

export const rosterSchema = z.strictObject({
  version: z.int().min(1),
  organisation: z.strictObject({ id: z.uuid(), name: z.string() }),
  /**
   * The school's raw base configuration (calendar, identity and the rules of version 0); the
   * device validates it with the domain parser.
   */
  schoolConfig: z.unknown(),
  /**
   * Every version of the school's rules (docs/design.md §2.1), future ones included, so the
   * device judges each session by the rules in force on its day, offline too. Absent from a
   * roster stored before versions existed.
   */
  configVersions: z
    .array(
      z.strictObject({
        version: z.int().min(1),
        effectiveFrom: localDateSchema,
        rules: z.record(z.string(), z.unknown()),
      }),
    )
    .default([]),
  groups: z.array(z.strictObject({ id: z.uuid(), name: z.string(), yearGroup: z.string() })),
  pupils: z.array(rosterPupilSchema),
  staff: z.array(z.strictObject({ id: z.uuid(), name: z.string(), groupIds: z.array(z.uuid()) })),
});
export type Roster = z.infer<typeof rosterSchema>;

export const pullResponseSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('events'),
    epoch: z.uuid(),
    events: z.array(serverEventSchema),
    /** The highest serverSeq examined; pass it as `after` next time. */
    nextCursor: z.int(),
    headSeq: z.int(),
    hasMore: z.boolean(),
    serverTime: isoInstant,
    roster: rosterSchema.nullable(),
  }),
  z.strictObject({
    kind: z.literal('reset'),
    epoch: z.uuid(),
    headSeq: z.int(),
    /** Why the cursor cannot be honoured; the device clears its pulled copy (never its outbox). */
    message: z.string(),
    serverTime: isoInstant,
  }),
]);
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Current entries for a device starting from nothing, consistent with `cursor`. */
export const snapshotResponseSchema = z.strictObject({
  epoch: z.uuid(),
  cursor: z.int(),
  from: localDateSchema,
  entries: z.array(entryHeadSchema.extend({ pupilId: z.uuid(), session: sessionRefSchema })),
  roster: rosterSchema,
  serverTime: isoInstant,
});
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;
