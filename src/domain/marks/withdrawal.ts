/**
 * When a mark may be withdrawn: the undo of a first mark, which takes the entry back to no mark
 * (docs/design.md §8.4). A withdrawal is an event like any other, kept with the mark it takes
 * back, so the history shows both. The server runs this check on every pushed withdrawal and
 * refuses one that fails, with the reason the tablet shows.
 *
 * Only the person who made the mark, on the device they made it on, may withdraw it; only while
 * it is still the entry's head (nobody changed it since); only when it was the entry's first
 * mark (a later mark is undone by recording the earlier one again, an ordinary amendment); and
 * only within the undo window, measured on that device's clock, which made both events.
 */
import { foldEntryTrail } from './foldEntry';
import type { MarkEvent, ServerMarkEvent } from './markEvent';

/**
 * How long after a mark its withdrawal may be made, by the device's clock. The register offers
 * undo for 10 seconds; the rest allows for the write on a slow tablet.
 */
export const WITHDRAWAL_WINDOW_MS = 15_000;

export interface WithdrawalCheckInput {
  readonly withdrawal: Pick<
    MarkEvent,
    'baseEventId' | 'code' | 'minutesLate' | 'recordedAt' | 'actor' | 'deviceId'
  >;
  /** The entry's recorded events, in any order (the fold sorts them). */
  readonly recorded: readonly ServerMarkEvent[];
}

const ROLE_WORDS = {
  teacher: 'a teacher',
  office: 'the office',
  attendance_lead: 'the attendance lead',
  admin: 'an admin',
  governor: 'a governor',
} as const;

/** Why the withdrawal cannot be accepted, in plain words, or null when it can. */
export function withdrawalProblem(input: WithdrawalCheckInput): string | null {
  const { withdrawal, recorded } = input;
  const entry = foldEntryTrail(recorded)?.entry ?? null;
  if (entry === null) {
    return 'This pupil has no mark to undo for the session. Check the register and mark them if needed.';
  }
  const head = recorded.find((e) => e.eventId === entry.headEventId);
  if (head === undefined) throw new Error(`The head event ${entry.headEventId} is missing`);
  if (withdrawal.baseEventId !== entry.headEventId) {
    return `The mark was not undone: ${head.actor.name} (${ROLE_WORDS[head.actor.role]}) has recorded '${entry.code}' since. Check the register and change the mark if it is wrong.`;
  }
  if (head.actor.staffId !== withdrawal.actor.staffId || head.deviceId !== withdrawal.deviceId) {
    return 'Only the person who made a mark, on the tablet they made it on, can undo it. Change the mark instead.';
  }
  if (entry.original.eventId !== head.eventId) {
    return "Only a pupil's first mark can be undone back to no mark. Change the mark instead.";
  }
  if (head.code !== withdrawal.code || head.minutesLate !== withdrawal.minutesLate) {
    return `The undo named '${withdrawal.code}', but the mark recorded is '${head.code}'. Check the register and change the mark if it is wrong.`;
  }
  const afterMs = Date.parse(withdrawal.recordedAt) - Date.parse(head.recordedAt);
  if (!(afterMs >= 0 && afterMs <= WITHDRAWAL_WINDOW_MS)) {
    return `A mark can be undone only within ${WITHDRAWAL_WINDOW_MS / 1000} seconds of making it. Change the mark instead.`;
  }
  return null;
}
