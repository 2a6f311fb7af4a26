/**
 * Recording a mark: the one write a tap makes (docs/design.md §3). It appends ONE outbox row in ONE
 * read-write transaction; when that transaction has committed the mark is "saved on this
 * tablet", and the register shows it at once because the register view lays pending outbox rows
 * over the server's entries. Nothing here touches the network: the sync engine pushes later.
 *
 * `baseEventId` records the head the user saw, which is what the server's conflict rules compare
 * (docs/design.md §7.5): this device's own latest pending mark for the entry if there is one
 * (so a second tap chains onto the first), otherwise the entry's head from the server, otherwise
 * null (the user saw no mark).
 */
import { fail, ok, sessionKey, type Result, type Role, type SessionRef } from '../../domain/index';
import { pushEventSchema } from '../../shared/api/syncSchemas';
import { systemClock, type Clock } from '../clock';
import type { AppDb } from '../db/appDb';
import { OUTBOX_ROW_VERSION, type NewOutboxRow } from '../db/outboxRow';
import { appendOutboxRow } from './appendOutbox';

export interface RecordMarkInput {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly code: string;
  /** For `L` and `U` only: minutes after the register began (from the domain's decideArrival). */
  readonly minutesLate?: number | null;
  /** ISO instant the pupil arrived, for `L` and `U`. */
  readonly arrivedAt?: string | null;
  /** Why the entry is being changed; the screens ask for it when policy needs one. */
  readonly reason?: string | null;
  /** Who is marking: the unlocked member of staff and their role at this school. */
  readonly actor: { readonly staffId: string; readonly role: Role };
  /** The trip the mark is made through, when a trip leader marks the trip's register. */
  readonly tripId?: string | null;
  /**
   * The head the user saw on screen when they made the mark: the register view's `headEventId`,
   * which lays this device's pending marks over the entries by the same rule as below. Given, it
   * is the base and the write reads nothing first, so the row commits sooner after the tap (issue
   * 10, item 3) — and the base is truly what the user saw, even if the sync engine changed the
   * entry a moment before. Omitted, the base is read in the write's transaction.
   */
  readonly seenHeadEventId?: string | null;
  /**
   * `withdrawn` to take back the mark named by `seenHeadEventId` (an undo of a first mark, which
   * leaves the pupil with no mark): `code` and `minutesLate` are that mark's.
   */
  readonly kind?: 'mark' | 'withdrawn';
}

export interface RecordedMark {
  /** The row's place in the device's order (the outbox key). */
  readonly localSeq: number;
  readonly eventId: string;
  readonly baseEventId: string | null;
}

/** A field of the mark that could never be sent, so it was not queued. */
export interface MarkInputIssue {
  readonly field: string;
  readonly message: string;
}

export interface ActionEnv {
  readonly clock: Clock;
  readonly newEventId: () => string;
}

export const defaultActionEnv: ActionEnv = {
  clock: systemClock,
  newEventId: () => crypto.randomUUID(),
};

// The row must be sendable as it stands: a row the wire schema refuses would make every batch
// it is in fail validation (400) and hold up the marks behind it. Its wire number is given later.
const sendableFields = pushEventSchema.omit({ clientSeq: true });

/**
 * Checks a sample mark once, so the first tap of the day does not pay for building the check:
 * zod compiles a schema's parser on its first use, which took tens of milliseconds on a throttled
 * tablet, in the tap's own task. Run it when the tablet is idle.
 *
 * @returns whether the sample passed (it must, or the warm-up skipped the path a tap takes).
 */
export function warmUpMarkCheck(): boolean {
  const id = '00000000-0000-4000-8000-000000000000';
  return sendableFields.safeParse({
    eventId: id,
    actorStaffId: id,
    pupilId: id,
    session: { date: '2025-09-08', part: 'AM' },
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    recordedAt: new Date(0).toISOString(),
  }).success;
}

/**
 * Queues one mark for `input.pupilId` in `input.session`.
 *
 * @returns the new row's `localSeq`, `eventId` and the `baseEventId` it was given, or the fields
 *   that make it unsendable (a bad id, an empty code, a negative minutes late, …).
 */
export async function recordMark(
  db: AppDb,
  input: RecordMarkInput,
  env: ActionEnv = defaultActionEnv,
): Promise<Result<RecordedMark, MarkInputIssue>> {
  const eventId = env.newEventId();
  const recordedAt = new Date(env.clock.now()).toISOString();
  const fields = {
    eventId,
    actorStaffId: input.actor.staffId,
    pupilId: input.pupilId,
    session: { date: input.session.date, part: input.session.part },
    code: input.code,
    minutesLate: input.minutesLate ?? null,
    arrivedAt: input.arrivedAt ?? null,
    reason: input.reason ?? null,
    baseEventId: null,
    recordedAt,
    ...(input.tripId === undefined || input.tripId === null ? {} : { tripId: input.tripId }),
    ...(input.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
  };
  const checked = sendableFields.safeParse(fields);
  if (!checked.success) {
    return fail(
      ...checked.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        message: issue.message,
      })),
    );
  }

  const key = sessionKey(input.session);
  const rowWithBase = (baseEventId: string | null): NewOutboxRow => ({
    ...fields,
    v: OUTBOX_ROW_VERSION,
    wireSeq: null,
    sessionKey: key,
    session: input.session,
    baseEventId,
    actorRole: input.actor.role,
    status: 'pending',
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
  });
  if (input.seenHeadEventId !== undefined) {
    const baseEventId = input.seenHeadEventId;
    const localSeq = await appendOutboxRow(db, rowWithBase(baseEventId));
    return ok({ localSeq, eventId, baseEventId });
  }
  // One short transaction: the two reads go out together, then the add. The entry's marks come
  // in `localSeq` order (an index lists equal keys by primary key), so the last pending is latest.
  return db.transaction('rw', db.outbox, db.entries, async () => {
    const [marks, entry] = await Promise.all([
      db.outbox.where('[pupilId+sessionKey]').equals([input.pupilId, key]).toArray(),
      db.entries.get([input.pupilId, key]),
    ]);
    const pending = marks.filter((row) => row.status === 'pending');
    const baseEventId = pending.at(-1)?.eventId ?? entry?.headEventId ?? null;
    const localSeq = await db.outbox.add(rowWithBase(baseEventId));
    return ok({ localSeq, eventId, baseEventId });
  });
}

/**
 * A tap's mark, which the register builds whole from data already checked where it came from:
 * the pupil from the parsed roster, the member of staff from their parsed profile, the code from
 * the school's rules (the session's present code), and nothing typed (no reason, no arrival).
 */
export interface TapMarkInput {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly code: string;
  readonly actor: { readonly staffId: string; readonly role: Role };
  /** The head the user saw on the tile (the register view's `headEventId`): the mark's base. */
  readonly seenHeadEventId: string | null;
}

/**
 * Queues a tap's mark: the same row as {@link recordMark} with `seenHeadEventId`, written first
 * thing, with no check of fields the app built itself (parsing them again took milliseconds of a
 * slow tablet's tap before the write could start).
 *
 * @returns the row's `localSeq`, `eventId` and `baseEventId` once committed; rejects with
 *   IndexedDB's error when the write failed (nothing was queued).
 */
export async function recordTapMark(
  db: AppDb,
  input: TapMarkInput,
  env: ActionEnv = defaultActionEnv,
): Promise<RecordedMark> {
  const eventId = env.newEventId();
  const baseEventId = input.seenHeadEventId;
  const localSeq = await appendOutboxRow(db, {
    v: OUTBOX_ROW_VERSION,
    wireSeq: null,
    eventId,
    actorStaffId: input.actor.staffId,
    pupilId: input.pupilId,
    sessionKey: sessionKey(input.session),
    session: input.session,
    code: input.code,
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId,
    actorRole: input.actor.role,
    recordedAt: new Date(env.clock.now()).toISOString(),
    status: 'pending',
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
  });
  return { localSeq, eventId, baseEventId };
}
