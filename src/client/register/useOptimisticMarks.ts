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
 *
 * The marks in hand are kept outside React ({@link ShownMarks}), each tile listening for its own
 * pupil only (ShownTile.tsx): a tap draws the tapped tile and nothing else in the frame that
 * paints it, and that frame is what the write's `complete` event waits behind
 * (docs/design.md §3.1). The board (its counts, "Mark the rest present", the sheet) hears of a mark once its write
 * has committed or been refused, after that frame.
 */
import { useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { RegisterPupil, RegisterView } from '../marks/registerView';
import type { ProposedMark } from '../marks/markChoices';

/** A pupil as a tile shows them: the view's row, perhaps with a mark still being saved. */
export interface TilePupil extends RegisterPupil {
  /** The mark shown is being written to the tablet's storage and is not saved yet. */
  readonly isSaving?: boolean;
}

export interface ShownMark {
  readonly eventId: string;
  readonly pupilId: string;
  /** Null for an undo that takes the pupil back to no mark. */
  readonly mark: ProposedMark | null;
  readonly isSaved: boolean;
}

/** Whether the shown mark still says more than `view` does. */
function isStillShown(shown: ShownMark, view: RegisterView | undefined): boolean {
  return !(view?.eventIds.has(shown.eventId) ?? false);
}

/** The pupil with `shown` laid over them (the view's own row when nothing is shown). */
export function withMark(pupil: RegisterPupil, shown: ShownMark | undefined): TilePupil {
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

type Listener = () => void;

/**
 * The marks in hand for one register, and who listens: each tile for its pupil, the board for
 * every commit or refusal. Its reads keep their identity until something changes, as
 * `useSyncExternalStore` needs.
 */
export class ShownMarks {
  private list: readonly ShownMark[] = [];
  private view: RegisterView | undefined = undefined;
  private latest = new Map<string, ShownMark>();
  private version = 0;
  private readonly pupilListeners = new Map<string, Set<Listener>>();
  private readonly boardListeners = new Set<Listener>();

  /** The mark laid over `pupilId`'s tile now, if any. */
  readonly shownFor = (pupilId: string): ShownMark | undefined => this.latest.get(pupilId);

  /** Changes each time the board should draw again (a write committed or refused). */
  readonly boardVersion = (): number => this.version;

  readonly subscribePupil = (pupilId: string, listener: Listener): (() => void) => {
    const set = this.pupilListeners.get(pupilId) ?? new Set<Listener>();
    set.add(listener);
    this.pupilListeners.set(pupilId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.pupilListeners.delete(pupilId);
    };
  };

  readonly subscribeBoard = (listener: Listener): (() => void) => {
    this.boardListeners.add(listener);
    return () => this.boardListeners.delete(listener);
  };

  /** The view now on screen: marks it has read stop being laid over it. */
  seen(view: RegisterView | undefined): void {
    this.view = view;
    this.update(this.list, false);
  }

  /** Shows `mark` on the pupil's tile at once (null: no mark, for an undo of a first mark). */
  show(pupilId: string, eventId: string, mark: ProposedMark | null): void {
    this.update([...this.list, { eventId, pupilId, mark, isSaved: false }], false);
  }

  /** The outbox row for `eventId` has committed. */
  saved(eventId: string): void {
    this.update(
      this.list.map((shown) => (shown.eventId === eventId ? { ...shown, isSaved: true } : shown)),
      true,
    );
  }

  /** The write for `eventId` was refused or never made: the tile shows the view again. */
  refused(eventId: string): void {
    this.update(
      this.list.filter((shown) => shown.eventId !== eventId),
      true,
    );
  }

  /**
   * Keeps the marks still saving, or saved but not yet read by the view (so the list stays as
   * short as the taps in hand), and tells the tiles whose mark changed.
   */
  private update(next: readonly ShownMark[], toBoard: boolean): void {
    const view = this.view;
    this.list = next.filter((shown) => !shown.isSaved || isStillShown(shown, view));
    const before = this.latest;
    const latest = new Map<string, ShownMark>();
    for (const shown of this.list) {
      if (isStillShown(shown, view)) latest.set(shown.pupilId, shown);
    }
    this.latest = latest;
    const changed = new Set<string>();
    for (const [pupilId, shown] of latest) if (before.get(pupilId) !== shown) changed.add(pupilId);
    for (const pupilId of before.keys()) if (!latest.has(pupilId)) changed.add(pupilId);
    if (toBoard) this.version += 1;
    for (const pupilId of changed) {
      for (const listener of [...(this.pupilListeners.get(pupilId) ?? [])]) listener();
    }
    if (toBoard) for (const listener of [...this.boardListeners]) listener();
  }
}

export interface OptimisticMarks {
  /**
   * The view's pupils with the marks in hand laid over them, in the view's order, as of the last
   * commit or refusal: for the board's counts and choices. The tiles read {@link marks} directly.
   */
  readonly pupils: readonly TilePupil[];
  /** The marks in hand, for the tiles. */
  readonly marks: ShownMarks;
  /** One pupil as their tile shows them now (a mark just tapped included). */
  readonly pupilNow: (pupilId: string) => TilePupil | undefined;
  readonly show: ShownMarks['show'];
  readonly saved: ShownMarks['saved'];
  readonly refused: ShownMarks['refused'];
}

export function useOptimisticMarks(view: RegisterView | undefined): OptimisticMarks {
  const [marks] = useState(() => new ShownMarks());
  // Before the paint, so a tile never shows a mark laid over a view that already has it.
  useLayoutEffect(() => marks.seen(view), [marks, view]);
  const version = useSyncExternalStore(marks.subscribeBoard, marks.boardVersion);

  const pupils = useMemo(() => {
    const base = view?.pupils ?? [];
    const shownNow = (pupil: RegisterPupil) => {
      const shown = marks.shownFor(pupil.pupilId);
      return shown !== undefined && isStillShown(shown, view) ? shown : undefined;
    };
    return base.map((pupil) => withMark(pupil, shownNow(pupil)));
    // `version` is when the marks changed for the board.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, marks, version]);

  return useMemo(
    () => ({
      pupils,
      marks,
      pupilNow: (pupilId: string) => {
        const pupil = view?.pupils.find((p) => p.pupilId === pupilId);
        if (pupil === undefined) return undefined;
        const shown = marks.shownFor(pupilId);
        return withMark(
          pupil,
          shown !== undefined && isStillShown(shown, view) ? shown : undefined,
        );
      },
      show: (pupilId: string, eventId: string, mark: ProposedMark | null) =>
        marks.show(pupilId, eventId, mark),
      saved: (eventId: string) => marks.saved(eventId),
      refused: (eventId: string) => marks.refused(eventId),
    }),
    [pupils, marks, view],
  );
}
