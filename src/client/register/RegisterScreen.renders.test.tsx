/**
 * A tap draws the tapped tile and nothing else in the frame that paints it: not the board (its
 * count, toolbar and toast), not another pupil's tile. The write's `complete` event waits behind
 * that frame on a tablet, so everything else drawn in it delays the commit (docs/design.md §3.1).
 * Renders are counted by wrapping the tile and the board's toast (drawn on every board render).
 */
import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import type { StaffProfile } from '../auth/deviceAuth';
import type { AppDb } from '../db/appDb';
import { freshDb, ManualTimers, sequentialIds, TEACHER } from '../testSupport.fixture';
import { LONDON, profile, putRoster } from '../ui/screens.fixture';
import type * as PupilTileModule from './PupilTile';
import type { PupilTileProps } from './PupilTile';
import type * as UndoToastModule from '../ui/UndoToast';
import { resetRegisterChoiceStore } from './registerChoiceStore';
import { RegisterScreen } from './RegisterScreen';

const counted = vi.hoisted(() => ({ tiles: [] as string[], board: 0 }));

vi.mock('./PupilTile', async (importActual) => {
  const actual = await importActual<typeof PupilTileModule>();
  const { memo } = await import('react');
  const inner = (actual.PupilTile as unknown as { type: (props: PupilTileProps) => ReactNode })
    .type;
  const Counted = (props: PupilTileProps): ReactNode => {
    counted.tiles.push(props.pupil.displayName);
    return inner(props);
  };
  return { ...actual, PupilTile: memo(Counted, actual.isSameTile) };
});

vi.mock('../ui/UndoToast', async (importActual) => {
  const actual = await importActual<typeof UndoToastModule>();
  const Counted = (props: Parameters<typeof actual.UndoToast>[0]): ReactNode => {
    counted.board += 1;
    return actual.UndoToast(props);
  };
  return { ...actual, UndoToast: Counted };
});

const NO_PIN: StaffProfile['pin'] = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'AA==',
  hash: 'AA==',
};

let db: AppDb;
afterEach(() => {
  cleanup();
  resetRegisterChoiceStore();
  db.close();
});

const finger = {
  pointerId: 7,
  pointerType: 'touch',
  isPrimary: true,
  button: 0,
  clientX: 100,
  clientY: 100,
};

it('a finger’s tap draws the tapped tile alone; the board hears of it once the write has committed', async () => {
  db = freshDb();
  await putRoster(db);
  const timers = new ManualTimers(LONDON.amOpen);
  render(
    <RegisterScreen
      db={db}
      staff={profile(TEACHER, NO_PIN)}
      clock={timers.clock}
      timers={timers}
      newEventId={sequentialIds()}
    />,
  );
  expect(await screen.findByText('3 of 3 still to mark')).toBeInTheDocument();
  await act(async () => undefined);
  const cat = screen.getByRole('button', { name: /^Cat Clark/ });
  counted.tiles = [];
  counted.board = 0;

  fireEvent.pointerDown(cat, finger);
  fireEvent.pointerUp(cat, finger);

  // The tap's frame: the mark is drawn on Cat's tile, and nothing else was drawn.
  expect(cat).toHaveTextContent('Saving…');
  expect(counted.tiles).toEqual(['Cat Clark']);
  expect(counted.board).toBe(0);
  expect(screen.getByText('3 of 3 still to mark')).toBeInTheDocument();

  // Once the outbox row has committed the board counts the mark; the other tiles stay as drawn.
  await waitFor(() => expect(cat).toHaveTextContent('Not sent yet'));
  expect(await screen.findByText('2 of 3 still to mark')).toBeInTheDocument();
  expect(counted.board).toBeGreaterThan(0);
  expect(new Set(counted.tiles)).toEqual(new Set(['Cat Clark']));
});
