/**
 * Marks shown on the register the moment they are tapped: the tile must paint
 * within a frame, but the mark is only on the tablet once IndexedDB has committed its outbox row
 * and the live register view has read it back, which takes a few hundred milliseconds on a slow
 * tablet. So the board lays the tapped mark over the view at once, says "Saving…" until the write
 * has committed, and stops laying it over when:
 *
 * - the write was refused: the tile goes back to what the view says (the board shows why), so a
 *   mark is never shown as saved when it is not;
 * - the view has read the mark's outbox row: the view now shows the mark itself (or what the sync
 *   engine made of it since), and is the truth from then on.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RegisterPupil, RegisterView } from '../marks/registerView';
import type { ProposedMark } from '../marks/markChoices';

/** A pupil as a tile shows them: the view's row, perhaps with a mark still being saved. */
export interface TilePupil extends RegisterPupil {
  /** The mark shown is being written to the tablet's storage and is not saved yet. */
  readonly isSaving?: boolean;
}

interface ShownMark {
  readonly eventId: string;
  readonly pupilId: string;
  /** Null for an undo that takes the pupil back to no mark. */
  readonly mark: ProposedMark | null;
  readonly isSaved: boolean;
}

export interface OptimisticMarks {
  /** The view's pupils with any marks still in hand laid over them, in the view's order. */
  readonly pupils: readonly TilePupil[];
  /**
   * Shows `mark` on the pupil's tile at once, under the event id its outbox row will have (null:
   * no mark, for an undo of a first mark).
   */
  readonly show: (pupilId: string, eventId: string, mark: ProposedMark | null) => void;
  /** The outbox row for `eventId` has committed. */
  readonly saved: (eventId: string) => void;
  /** The write for `eventId` was refused or never made: the tile shows the view again. */
  readonly refused: (eventId: string) => void;
}

/** Whether the shown mark still says more than `view` does. */
function isStillShown(shown: ShownMark, view: RegisterView | undefined): boolean {
  return !(view?.eventIds.has(shown.eventId) ?? false);
}

/** The marks still saving, or saved but not yet read back by `view`. */
function inHand(list: readonly ShownMark[], view: RegisterView | undefined): ShownMark[] {
  return list.filter((shown) => !shown.isSaved || isStillShown(shown, view));
}

function withMark(pupil: RegisterPupil, shown: ShownMark | undefined): TilePupil {
  if (shown === undefined) return pupil;
  return {
    ...pupil,
    code: shown.mark?.code ?? null,
    minutesLate: shown.mark?.minutesLate ?? null,
    arrivedAt: shown.mark?.arrivedAt ?? null,
    isPending: true,
    headEventId: shown.eventId,
    notice: null,
    isSaving: !shown.isSaved,
  };
}

export function useOptimisticMarks(view: RegisterView | undefined): OptimisticMarks {
  const [marks, setMarks] = useState<readonly ShownMark[]>([]);

  // The view on screen, so that each change to the list also forgets the marks the view has
  // caught up with: the list stays as short as the taps still in hand.
  const current = useRef(view);
  useLayoutEffect(() => {
    current.current = view;
  }, [view]);
  const pupils = useMemo(() => {
    const latest = new Map<string, ShownMark>();
    for (const shown of marks) {
      if (isStillShown(shown, view)) latest.set(shown.pupilId, shown);
    }
    const base = view?.pupils ?? [];
    return latest.size === 0
      ? base
      : base.map((pupil) => withMark(pupil, latest.get(pupil.pupilId)));
  }, [view, marks]);

  const show = useCallback((pupilId: string, eventId: string, mark: ProposedMark | null) => {
    setMarks((list) => [
      ...inHand(list, current.current),
      { eventId, pupilId, mark, isSaved: false },
    ]);
  }, []);
  const saved = useCallback((eventId: string) => {
    setMarks((list) =>
      inHand(list, current.current).map((shown) =>
        shown.eventId === eventId ? { ...shown, isSaved: true } : shown,
      ),
    );
  }, []);
  const refused = useCallback((eventId: string) => {
    setMarks((list) => list.filter((shown) => shown.eventId !== eventId));
  }, []);

  return { pupils, show, saved, refused };
}
