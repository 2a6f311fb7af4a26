import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MONDAY_AM, PUPIL } from '../testSupport.fixture';
import { TAP_MAX_MS } from './liftTap';
import { isSameTilePupil, PupilTile } from './PupilTile';
import type { TilePupil } from './useOptimisticMarks';

const ADA: TilePupil = {
  pupilId: PUPIL.ada,
  displayName: 'Ada Adams',
  sortName: 'Adams, Ada',
  code: null,
  minutesLate: null,
  arrivedAt: null,
  isPending: false,
  needsReview: false,
  headEventId: null,
  serverCode: null,
  headRole: null,
  notice: null,
};

describe('isSameTilePupil (a tile renders again only when what it shows changed)', () => {
  it('a fresh read of the same row is the same tile', () => {
    expect(isSameTilePupil(ADA, { ...ADA })).toBe(true);
    expect(isSameTilePupil(ADA, { ...ADA, isSaving: false })).toBe(true);
    const rejected = { ...ADA, notice: { status: 'rejected', reason: 'No.' } } as const;
    expect(isSameTilePupil(rejected, { ...rejected, notice: { ...rejected.notice } })).toBe(true);
  });

  it.each([
    ['the code', { code: '/' }],
    ['minutes late', { minutesLate: 5 }],
    ['pending', { isPending: true }],
    ['saving', { isSaving: true }],
    ['review', { needsReview: true }],
    ['the head', { headEventId: '00000000-0000-4000-8000-0000000e0001' }],
    ['who entered it', { headRole: 'office' }],
    ['a notice', { notice: { status: 'conflict', reason: null } }],
  ] as const)('%s changed is a different tile', (_what, patch) => {
    expect(isSameTilePupil(ADA, { ...ADA, ...patch })).toBe(false);
  });
});

describe('a finger on a tile (acted on as it lifts)', () => {
  afterEach(cleanup);

  const finger = (x: number, timeStamp?: number) => {
    const init = {
      pointerId: 3,
      pointerType: 'touch',
      isPrimary: true,
      button: 0,
      clientX: x,
      clientY: 50,
    };
    return timeStamp === undefined ? init : { ...init, timeStamp };
  };

  function showTile(isDisabled: boolean) {
    const onLiftTap = vi.fn();
    const onTap = vi.fn();
    render(
      <ul>
        <PupilTile
          pupil={ADA}
          date={MONDAY_AM.date}
          isDisabled={isDisabled}
          isTabStop
          onTap={onTap}
          onLiftTap={onLiftTap}
          onChoices={vi.fn()}
        />
      </ul>,
    );
    return { onLiftTap, onTap, tile: screen.getByRole('button', { name: /^Ada Adams/ }) };
  }

  it('lifting a tap is handed to the board once, with the tile', () => {
    const { onLiftTap, onTap, tile } = showTile(false);
    fireEvent.pointerDown(tile, finger(20));
    fireEvent.pointerUp(tile, finger(24));
    expect(onLiftTap).toHaveBeenCalledTimes(1);
    expect(onLiftTap).toHaveBeenCalledWith(ADA, tile);
    expect(onTap).not.toHaveBeenCalled();
    // The same press lifting twice is one tap.
    fireEvent.pointerUp(tile, finger(24));
    expect(onLiftTap).toHaveBeenCalledTimes(1);
  });

  it('a disabled tile (it still gets pointer events) hands nothing on', () => {
    const { onLiftTap, tile } = showTile(true);
    fireEvent.pointerDown(tile, finger(20));
    fireEvent.pointerUp(tile, finger(20));
    expect(onLiftTap).not.toHaveBeenCalled();
  });

  it('a press held as long as a long press begins is left to the browser’s click', () => {
    const { onLiftTap, tile } = showTile(false);
    const down = new PointerEvent('pointerdown', { bubbles: true, ...finger(20) });
    fireEvent(tile, down);
    const up = new PointerEvent('pointerup', { bubbles: true, ...finger(20) });
    Object.defineProperty(up, 'timeStamp', { value: down.timeStamp + TAP_MAX_MS + 1 });
    fireEvent(tile, up);
    expect(onLiftTap).not.toHaveBeenCalled();
  });

  it('a long press (the browser’s context menu) is not a tap when the finger lifts', () => {
    const { onLiftTap, tile } = showTile(false);
    fireEvent.pointerDown(tile, finger(20));
    fireEvent.contextMenu(tile);
    fireEvent.pointerUp(tile, finger(20));
    expect(onLiftTap).not.toHaveBeenCalled();
  });
});
