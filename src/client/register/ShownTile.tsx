/**
 * A register tile that listens for its own pupil's mark in hand (useOptimisticMarks.ts): a tap
 * draws this tile alone, not the board around it nor the other pupils' tiles, so the frame that
 * paints the mark is as small as it can be (docs/design.md §3.1).
 */
import { memo, useCallback, useMemo, useSyncExternalStore } from 'react';
import type { RegisterPupil } from '../marks/registerView';
import { isSameTile, PupilTile, type PupilTileProps } from './PupilTile';
import { withMark, type ShownMarks } from './useOptimisticMarks';

export interface ShownTileProps extends Omit<PupilTileProps, 'pupil'> {
  /** The pupil as the register view reads them, without any mark in hand. */
  readonly pupil: RegisterPupil;
  readonly marks: ShownMarks;
}

export const ShownTile = memo(
  function ShownTile({ pupil, marks, ...tile }: ShownTileProps) {
    const { pupilId } = pupil;
    const subscribe = useCallback(
      (listener: () => void) => marks.subscribePupil(pupilId, listener),
      [marks, pupilId],
    );
    const shown = useSyncExternalStore(subscribe, () => marks.shownFor(pupilId));
    const shownPupil = useMemo(() => withMark(pupil, shown), [pupil, shown]);
    return <PupilTile pupil={shownPupil} {...tile} />;
  },
  (a, b) => a.marks === b.marks && isSameTile(a, b),
);
