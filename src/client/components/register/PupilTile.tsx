/**
 * One pupil on the register: a large button, name first. Tap an unmarked pupil to mark them
 * present; tap a marked one, or long-press any, for the other choices.
 */
import { useRef } from 'react';
import type { LocalDate } from '../../../domain/index';
import type { RegisterPupil } from '../../queries/registerView';
import { useLongPress } from '../useLongPress';
import { describeMark, isProtected, tileStatus } from './pupilState';

export interface PupilTileProps {
  readonly pupil: RegisterPupil;
  readonly date: LocalDate;
  readonly isDisabled: boolean;
  /** A tap: present when unmarked, the choices otherwise. */
  readonly onTap: (pupil: RegisterPupil, tile: HTMLButtonElement) => void;
  /** A long press: always the choices. */
  readonly onChoices: (pupil: RegisterPupil, tile: HTMLButtonElement) => void;
}

function toneOf(pupil: RegisterPupil): string {
  if (pupil.code === null) return 'unmarked';
  if (pupil.code === '/' || pupil.code === '\\') return 'present';
  if (pupil.code === 'L') return 'late';
  if (pupil.code === 'N' || pupil.code === 'U' || pupil.code === 'O' || pupil.code === 'G') {
    return 'absent';
  }
  return 'other';
}

export function PupilTile({ pupil, date, isDisabled, onTap, onChoices }: PupilTileProps) {
  const button = useRef<HTMLButtonElement>(null);
  const longPress = useLongPress(() => {
    if (button.current !== null) onChoices(pupil, button.current);
  });
  const status = tileStatus(pupil);
  const classes = [
    'tile',
    `tile--${toneOf(pupil)}`,
    pupil.isPending ? 'tile--pending' : '',
    isProtected(pupil) ? 'tile--protected' : '',
    pupil.notice?.status === 'rejected' ? 'tile--rejected' : '',
    pupil.needsReview ? 'tile--review' : '',
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
        aria-haspopup={pupil.code === null ? undefined : 'dialog'}
        onPointerDown={longPress.onPointerDown}
        onPointerUp={longPress.onPointerUp}
        onPointerLeave={longPress.onPointerLeave}
        onPointerCancel={longPress.onPointerCancel}
        onContextMenu={longPress.onContextMenu}
        onClick={(event) => {
          if (longPress.consumeLongPress()) return;
          onTap(pupil, event.currentTarget);
        }}
      >
        <span className="tile__name">{pupil.displayName}</span>
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
}
