/**
 * A trip leader's mark: checked with the domain's rules first (with the trip's codes allowed,
 * exactly as the server will check it), then queued in the outbox with the trip's id, like any
 * mark. The sync engine pushes it when there is a signal, however many days later.
 *
 * The mark must build on the entry the leader is looking at: usually the trip's code the office
 * entered in advance. A device that has not pulled that entry yet would otherwise send a blind
 * mark, which the conflict rules would not let replace the office's. So when the device has no
 * pending mark of its own for the entry and the trip's copy of the server's entry is newer than
 * the device's, the new row's base is the server's head (set in the same transaction).
 */
import {
  fail,
  ok,
  schoolInstant,
  sessionKey,
  sessionTimesFor,
  validateMark,
  type GroupRef,
  type Result,
  type Role,
  type SchoolConfig,
  type SessionRef,
  schoolForTripMark,
} from '../../domain/index';
import type { TripEntry } from '../../shared/api/tripSchemas';
import { recordMark, type ActionEnv, type RecordedMark } from '../marks/recordMark';
import type { AppDb } from '../db/appDb';
import { overlayEntry } from '../marks/registerView';

export interface TripMarkInput {
  readonly tripId: string;
  readonly tripCode: string;
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly code: string;
  readonly reason: string | null;
  readonly actor: { readonly staffId: string; readonly name: string; readonly role: Role };
  readonly school: SchoolConfig;
  /** The pupil's group, for when the session's register closes (null: treat as closed). */
  readonly group: GroupRef | null;
  /** The trip's copy of the server's entry, when the trip was fetched. */
  readonly serverEntry: TripEntry | undefined;
}

export async function recordTripMark(
  db: AppDb,
  input: TripMarkInput,
  env: ActionEnv,
): Promise<Result<RecordedMark, string>> {
  const key = sessionKey(input.session);
  return db.transaction('rw', db.outbox, db.entries, async () => {
    const rows = await db.outbox
      .where('[pupilId+sessionKey]')
      .equals([input.pupilId, key])
      .toArray();
    const entry = await db.entries.get([input.pupilId, key]);
    const shown = overlayEntry(entry, rows);
    const hasPending = rows.some((row) => row.status === 'pending');
    const server = input.serverEntry;
    const serverIsNewer =
      !hasPending &&
      server !== undefined &&
      (entry === undefined ||
        (entry.headEventId !== server.headEventId && entry.headSeq < server.headSeq));
    const head =
      serverIsNewer && server !== undefined
        ? {
            headEventId: server.headEventId,
            code: server.code,
            minutesLate: null,
            headRole: server.headRole,
          }
        : shown.code === null || shown.headEventId === null
          ? null
          : {
              headEventId: shown.headEventId,
              code: shown.code,
              minutesLate: shown.minutesLate,
              headRole: shown.headRole ?? input.actor.role,
            };
    const now = env.clock.now();
    const registerClosed =
      input.group === null ||
      schoolInstant(
        input.session.date,
        sessionTimesFor(input.school, input.group, input.session.part).registerCloses,
        input.school.timeZone,
      ).getTime() <= now;
    const rules = validateMark({
      event: {
        eventId: '',
        pupilId: input.pupilId,
        session: input.session,
        code: input.code,
        minutesLate: null,
        arrivedAt: null,
        reason: input.reason,
        baseEventId: head?.headEventId ?? null,
        actor: input.actor,
        deviceId: null,
        recordedAt: '',
      },
      head,
      school: schoolForTripMark(input.school, input.actor.role, input.tripCode),
      registerClosed,
    });
    if (!rules.ok) return fail(`${rules.errors.map((e) => e.message).join('; ')}.`);

    // recordMark's own transaction joins this one (same tables), so both writes commit together.
    const recorded = await recordMark(
      db,
      {
        pupilId: input.pupilId,
        session: input.session,
        code: input.code,
        reason: input.reason,
        actor: { staffId: input.actor.staffId, role: input.actor.role },
        tripId: input.tripId,
      },
      env,
    );
    if (!recorded.ok) return fail(recorded.errors.map((e) => `${e.field} ${e.message}`).join('; '));
    if (!serverIsNewer || server === undefined) return ok(recorded.value);
    await db.outbox.update(recorded.value.localSeq, { baseEventId: server.headEventId });
    return ok({ ...recorded.value, baseEventId: server.headEventId });
  });
}
