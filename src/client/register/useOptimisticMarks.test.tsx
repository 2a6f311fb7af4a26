/**
 * A tap draws the tapped tile and nothing else in the frame that paints it: not the board (its
 * count, toolbar and toast), not another pupil's tile. The write's `complete` event waits behind
 * that frame on a tablet, so everything else drawn in it delays the commit (docs/design.md §3.1).
 */
import '@testing-library/jest-dom/vitest';
import { act, render, renderHook, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { RegisterPupil, RegisterView } from '../marks/registerView';
import { MONDAY_AM, PUPIL } from '../testSupport.fixture';
import { ShownTile } from './ShownTile';
import { useOptimisticMarks } from './useOptimisticMarks';

const PRESENT = { code: '/', minutesLate: null, arrivedAt: null, reason: null };
const EVENT = '00000000-0000-4000-8000-0000000e0001';

function pupil(pupilId: string, displayName: string): RegisterPupil {
  return {
    pupilId,
    displayName,
    sortName: displayName,
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
}

const PUPILS = [
  pupil(PUPIL.ada, 'Ada Adams'),
  pupil(PUPIL.ben, 'Ben Brown'),
  pupil(PUPIL.cat, 'Cat Clark'),
];

function viewOf(pupils: readonly RegisterPupil[], eventIds: readonly string[] = []): RegisterView {
  return {
    group: null,
    session: MONDAY_AM,
    pupils,
    unmarkedCount: pupils.filter((p) => p.code === null).length,
    pendingCount: 0,
    eventIds: new Set(eventIds),
    entries: new Map(),
  };
}

describe('marks in hand (a tap draws one tile)', () => {
  it('the board draws again when a write commits or is refused, never when a mark is shown', () => {
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useOptimisticMarks(viewOf(PUPILS));
    });
    const before = renders;
    act(() => result.current.show(PUPIL.cat, EVENT, PRESENT));
    expect(renders).toBe(before);
    // The board's own read of the pupil sees the mark all the same (for "Mark the rest present").
    expect(result.current.pupilNow(PUPIL.cat)).toMatchObject({ code: '/', isSaving: true });
    expect(result.current.pupils.find((p) => p.pupilId === PUPIL.cat)?.code).toBeNull();

    act(() => result.current.saved(EVENT));
    expect(renders).toBe(before + 1);
    expect(result.current.pupils.find((p) => p.pupilId === PUPIL.cat)).toMatchObject({
      code: '/',
      isPending: true,
      isSaving: false,
    });
  });

  it('showing a mark, and its commit, draw that pupil’s tile alone; the view that reads it back takes over', () => {
    const { result, rerender } = renderHook(({ view }) => useOptimisticMarks(view), {
      initialProps: { view: viewOf(PUPILS) },
    });
    const drawn = vi.fn();
    const board = (view: RegisterView) => (
      <ul>
        {view.pupils.map((p) => (
          <Profiler key={p.pupilId} id={p.displayName} onRender={(id) => drawn(id)}>
            <ShownTile
              pupil={p}
              marks={result.current.marks}
              date={MONDAY_AM.date}
              isDisabled={false}
              isTabStop={false}
              onTap={vi.fn()}
              onLiftTap={vi.fn()}
              onChoices={vi.fn()}
            />
          </Profiler>
        ))}
      </ul>
    );
    const tiles = render(board(viewOf(PUPILS)));
    drawn.mockClear();

    act(() => result.current.show(PUPIL.cat, EVENT, PRESENT));
    expect(drawn.mock.calls).toEqual([['Cat Clark']]);
    const cat = screen.getByRole('button', { name: /^Cat Clark/ });
    expect(cat).toHaveTextContent('Saving…');

    drawn.mockClear();
    act(() => result.current.saved(EVENT));
    expect(drawn.mock.calls).toEqual([['Cat Clark']]);
    expect(cat).toHaveTextContent('Not sent yet');

    // The live view reads the outbox row back: the view shows the mark itself from then on.
    const read = viewOf(
      PUPILS.map((p) =>
        p.pupilId === PUPIL.cat ? { ...p, code: '/', isPending: true, headEventId: EVENT } : p,
      ),
      [EVENT],
    );
    rerender({ view: read });
    tiles.rerender(board(read));
    expect(result.current.marks.shownFor(PUPIL.cat)).toBeUndefined();
    expect(cat).toHaveTextContent('Not sent yet');
    expect(cat).not.toHaveTextContent('Saving…');
  });
});
