/**
 * One pupil on the register: a large button, name first. Tap an unmarked pupil to mark them
 * present; tap a marked one, or long-press any, for the other choices. A finger's tap is acted on
 * as the finger lifts, a mouse's or a keyboard's on the click (liftTap.ts).
 *
 * A tap must paint within a frame on a slow tablet, so a tile renders again only when what it
 * shows changed: the register view is read afresh after every write, giving every pupil a new
 * object, and re-rendering all 35 tiles for one tap would cost the frame.
 */
import { memo, useRef } from 'react';
import { markTone, type LocalDate } from '../../domain/index';
import { SKIP_TARGET_ATTRIBUTE } from '../ui/skipTarget';
import { useLongPress } from '../ui/useLongPress';
import { useLiftTap } from './liftTap';
import { describeMark, isProtected, tileStatus } from './pupilState';
import { TileFlags, TilePhoto, tileExtraClasses } from './TileExtras';
import type { TilePupil } from './useOptimisticMarks';

export interface PupilTileProps {
  readonly pupil: TilePupil;
  readonly date: LocalDate;
  readonly isDisabled: boolean;
  /**
   * Whether Tab stops on this tile: the tiles are one Tab stop, moved across with the arrow keys
   * (a roving tabindex, `tileKeys.ts`), so a keyboard user does not Tab through 30 pupils.
   */
  readonly isTabStop: boolean;
  /** A tap: present when unmarked, the choices otherwise. Should keep its identity. */
  readonly onTap: (pupil: TilePupil, tile: HTMLButtonElement) => void;
  /**
   * A finger's tap, as the finger lifts (liftTap.ts): the board acts on it now, or leaves it to
   * the click that follows. Should keep its identity.
   */
  readonly onLiftTap: (pupil: TilePupil, tile: HTMLButtonElement) => void;
  /** A long press: always the choices. Should keep its identity. */
  readonly onChoices: (pupil: TilePupil, tile: HTMLButtonElement) => void;
}

/** Whether two rows would show the same tile (every field a tile or its handlers read). */
export function isSameTilePupil(a: TilePupil, b: TilePupil): boolean {
  return (
    a.pupilId === b.pupilId &&
    a.displayName === b.displayName &&
    a.sortName === b.sortName &&
    a.code === b.code &&
    a.minutesLate === b.minutesLate &&
    a.arrivedAt === b.arrivedAt &&
    a.isPending === b.isPending &&
    (a.isSaving === true) === (b.isSaving === true) &&
    a.needsReview === b.needsReview &&
    a.headEventId === b.headEventId &&
    a.serverCode === b.serverCode &&
    a.headRole === b.headRole &&
    a.notice?.status === b.notice?.status &&
    a.notice?.reason === b.notice?.reason &&
    a.photoId === b.photoId &&
    (a.flags ?? []).join() === (b.flags ?? []).join()
  );
}

/** Whether two sets of props would draw the same tile. */
export function isSameTile(a: PupilTileProps, b: PupilTileProps): boolean {
  return (
    a.date === b.date &&
    a.isDisabled === b.isDisabled &&
    a.isTabStop === b.isTabStop &&
    a.onTap === b.onTap &&
    a.onLiftTap === b.onLiftTap &&
    a.onChoices === b.onChoices &&
    isSameTilePupil(a.pupil, b.pupil)
  );
}

export const PupilTile = memo(function PupilTile(props: PupilTileProps) {
  const { pupil, date, isDisabled, isTabStop, onTap, onLiftTap, onChoices } = props;
  const button = useRef<HTMLButtonElement>(null);
  const lift = useLiftTap((tile) => onLiftTap(pupil, tile));
  const longPress = useLongPress(() => {
    lift.cancel();
    if (button.current !== null) onChoices(pupil, button.current);
  });
  // Until the write commits the mark is not on the tablet, and the tile must not say it is.
  const status =
    pupil.isSaving === true
      ? tileStatus(pupil).map((part) => (part === 'Not sent yet' ? 'Saving…' : part))
      : tileStatus(pupil);
  const classes = [
    'tile',
    `tile--${markTone(pupil.code)}`,
    pupil.isPending ? 'tile--pending' : '',
    pupil.isSaving === true ? 'tile--saving' : '',
    isProtected(pupil) ? 'tile--protected' : '',
    pupil.notice?.status === 'rejected' ? 'tile--rejected' : '',
    pupil.needsReview ? 'tile--review' : '',
    ...tileExtraClasses(pupil.photoId),
  ]
    .filter((c) => c !== '')
    .join(' ');

  return (
    <li className="tiles__item">
      <button
        ref={button}
        type="button"
        className={classes}
        disabled={isDisabled}
        tabIndex={isTabStop ? 0 : -1}
        data-pupil-id={pupil.pupilId}
        {...(isTabStop ? { [SKIP_TARGET_ATTRIBUTE]: '' } : {})}
        aria-haspopup={pupil.code === null ? undefined : 'dialog'}
        onPointerDown={(event) => {
          lift.onPointerDown(event);
          longPress.onPointerDown(event);
        }}
        onPointerMove={lift.onPointerMove}
        onPointerUp={(event) => {
          longPress.onPointerUp();
          lift.onPointerUp(event);
        }}
        onPointerLeave={longPress.onPointerLeave}
        onPointerCancel={() => {
          lift.cancel();
          longPress.onPointerCancel();
        }}
        onContextMenu={(event) => {
          lift.cancel();
          longPress.onContextMenu(event);
        }}
        onClick={(event) => {
          if (longPress.consumeLongPress()) return;
          onTap(pupil, event.currentTarget);
        }}
      >
        <TilePhoto photoId={pupil.photoId} />
        <span className="tile__name">{pupil.displayName}</span>
        <TileFlags flags={pupil.flags} />
        <span className="tile__code" aria-hidden="true">
          {pupil.code ?? ''}
        </span>
        {pupil.code !== null && (
          <span className="visually-hidden">{describeMark(pupil, date)}.</span>
        )}
        {status.length > 0 && <span className="tile__status">{status.join(' · ')}</span>}
      </button>
    </li>
  );
}, isSameTile);
