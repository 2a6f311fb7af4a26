/**
 * Undoing a mark just made, on the register or at the office desk. An undo never deletes: it is
 * a new event in the register's history (docs/design.md §8.4).
 *
 * - The pupil had no mark before: the undo WITHDRAWS the mark (a `withdrawn` event), and the
 *   pupil has no mark again. The server accepts it only from the same person on the same device,
 *   within the undo window, while nobody has changed the mark since (domain marks/withdrawal.ts);
 *   otherwise it refuses it with a reason the register shows.
 * - The pupil had a mark before: the undo records that mark again, an ordinary amendment with
 *   {@link UNDO_REASON}, so the history keeps the mistake, the correction, who and when.
 */
import type { SessionRef } from '../../domain/index';
import type { RecordMarkInput } from './recordMark';

export const UNDO_REASON = 'Undo of the mark just made on this device';

/** What the entry showed before the change, as the screen saw it (code null: no mark). */
export interface MarkBefore {
  readonly code: string | null;
  readonly minutesLate: number | null;
  readonly arrivedAt: string | null;
}

/** The change just saved: its outbox event id and what it recorded. */
export interface MarkMade {
  readonly eventId: string;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly arrivedAt: string | null;
}

export interface UndoMarkInput {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly actor: RecordMarkInput['actor'];
  readonly before: MarkBefore;
  readonly made: MarkMade;
  readonly tripId?: string | null;
}

/** The mark to record (with `recordMark` or the office's `recordOfficeMark`) to undo `made`. */
export function undoMarkInput(input: UndoMarkInput): RecordMarkInput {
  const { before, made } = input;
  const common = {
    pupilId: input.pupilId,
    session: input.session,
    actor: input.actor,
    // The undo is based on the change it undoes: if anyone changed the entry since, the server
    // sees that the undo did not see their change.
    seenHeadEventId: made.eventId,
    ...(input.tripId === undefined ? {} : { tripId: input.tripId }),
  };
  if (before.code === null) {
    return {
      ...common,
      kind: 'withdrawn',
      code: made.code,
      minutesLate: made.minutesLate,
      arrivedAt: made.arrivedAt,
      reason: null,
    };
  }
  return {
    ...common,
    code: before.code,
    minutesLate: before.minutesLate,
    arrivedAt: before.arrivedAt,
    reason: UNDO_REASON,
  };
}
