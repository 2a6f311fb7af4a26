import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadingTrip } from '../../shared/api/tripSchemas';
import { hashPin } from '../auth/pinHash';
import { FAST_HASH, LONDON, profile, putRoster } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import type { FetchLike } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import {
  freshDb,
  GROUP_ID,
  ManualTimers,
  OFFICE,
  PUPIL,
  sequentialIds,
  TEACHER,
} from '../testSupport.fixture';
import { TripsSection } from './TripsSection';

const TRIP: LeadingTrip = {
  id: '00000000-0000-4000-8000-0000000070e1',
  name: 'Beach day',
  code: 'V',
  from: { date: '2025-09-08', part: 'AM' },
  to: { date: '2025-09-08', part: 'PM' },
  sessions: [
    { date: '2025-09-08', part: 'AM' },
    { date: '2025-09-08', part: 'PM' },
  ],
  leaders: [{ id: TEACHER.staffId, name: TEACHER.name }],
  pupils: [
    {
      id: PUPIL.ada,
      displayName: 'Ada Adams',
      sortName: 'Adams, Ada',
      groupId: GROUP_ID,
      groupName: '3A',
    },
    {
      id: PUPIL.ben,
      displayName: 'Ben Brown',
      sortName: 'Brown, Ben',
      groupId: GROUP_ID,
      groupName: '3A',
    },
    {
      id: PUPIL.cat,
      displayName: 'Cat Clark',
      sortName: 'Clark, Cat',
      groupId: GROUP_ID,
      groupName: '3A',
    },
  ],
  createdBy: { id: OFFICE.staffId, name: OFFICE.name },
  createdAt: '2025-09-01T08:00:00.000Z',
  entries: [],
};

/** The server: answers the leader's trips, or is unreachable. */
function server(online: { value: boolean }): FetchLike {
  return (input) => {
    if (!online.value) return Promise.reject(new TypeError('Failed to fetch'));
    if (input.startsWith('/api/trips/leading')) {
      return Promise.resolve(
        new Response(JSON.stringify({ trips: [TRIP], serverTime: '2025-09-08T12:00:00.000Z' }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }
    return Promise.resolve(new Response('{}', { status: 404 }));
  };
}

// Rendering with IndexedDB on a shared 2-core machine: give slow moments room.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

async function open(online: { value: boolean }) {
  const timers = new ManualTimers(LONDON.pmOpen);
  const props: SectionProps = {
    db,
    staff: profile(TEACHER, await hashPin('1357', FAST_HASH)),
    clock: timers.clock,
    timers,
    fetch: server(online),
    newEventId: sequentialIds(),
  };
  const view = render(<TripsSection {...props} />);
  return { view, user: userEvent.setup() };
}

describe("a leader's trip register", () => {
  it('keeps the trip for offline use; exceptions and "Confirm everyone" queue trip marks', async () => {
    db = freshDb();
    await putRoster(db);
    const online = { value: true };
    const first = await open(online);
    await screen.findByRole('heading', { level: 2, name: 'Beach day' });
    first.view.unmount();

    // Opened again with no signal: the trip comes from the device.
    online.value = false;
    const { user } = await open(online);
    await screen.findByRole('heading', { level: 2, name: 'Beach day' });
    expect(await screen.findByText(/Showing the trips as fetched on/)).toBeInTheDocument();
    // 13:05: the afternoon session is the current one.
    expect(screen.getByLabelText('Session')).toHaveDisplayValue('Monday 8 September, afternoon');
    await waitFor(() =>
      expect(document.querySelector('.trip-headcount')).toHaveTextContent(
        '3 of 3 with the group now',
      ),
    );

    // The exceptions sit behind "Changes", one pupil at a time, to keep the list one line each.
    expect(screen.queryByRole('button', { name: 'Went home ill: Ben Brown' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Changes for Ben Brown' }));
    await user.click(screen.getByRole('button', { name: 'Went home ill: Ben Brown' }));
    await screen.findByText('Ben Brown: went home ill, saved.');
    await waitFor(() =>
      expect(document.querySelector('.trip-headcount')).toHaveTextContent(
        '2 of 3 with the group now',
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Confirm everyone (2 to mark)' }));
    await screen.findByRole('button', { name: 'Everyone is marked for this session' });

    const rows = await db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.pupilId, r.code, r.tripId, r.session.part])).toEqual([
      [PUPIL.ben, 'V', TRIP.id, 'PM'],
      [PUPIL.ada, 'V', TRIP.id, 'PM'],
      [PUPIL.cat, 'V', TRIP.id, 'PM'],
    ]);
    const ben = screen.getByText('Ben Brown').closest('li');
    if (ben === null) throw new Error('no row for Ben');
    expect(within(ben).getByText(/Went home ill\. Not sent yet/)).toBeInTheDocument();
    await user.click(within(ben).getByRole('button', { name: 'Changes for Ben Brown' }));
    expect(within(ben).getByRole('button', { name: 'Joined late: Ben Brown' })).toBeInTheDocument();
  });

  it('ticks one pupil from the compact list, and the tick then shows as marked', async () => {
    db = freshDb();
    await putRoster(db);
    const { user } = await open({ value: true });
    await screen.findByRole('heading', { level: 2, name: 'Beach day' });
    await user.click(await screen.findByRole('button', { name: 'Mark Ada Adams: V' }));
    await screen.findByText('Ada Adams: V saved.');
    expect(await screen.findByRole('button', { name: 'Ada Adams: marked V' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.pupilId, r.code, r.tripId])).toEqual([[PUPIL.ada, 'V', TRIP.id]]);
    expect(screen.getByRole('button', { name: 'Confirm everyone (2 to mark)' })).toBeEnabled();
  });

  it('says so when the person leads no trip', async () => {
    db = freshDb();
    await putRoster(db);
    const online = { value: true };
    const noTrips: FetchLike = () =>
      Promise.resolve(
        new Response(JSON.stringify({ trips: [], serverTime: '2025-09-08T12:00:00.000Z' }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    void online;
    const timers = new ManualTimers(LONDON.pmOpen);
    render(
      <TripsSection
        db={db}
        staff={profile(TEACHER, await hashPin('1357', FAST_HASH))}
        clock={timers.clock}
        timers={timers}
        fetch={noTrips}
      />,
    );
    expect(
      await screen.findByText('You are not named as a leader of any trip.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Create a trip' })).not.toBeInTheDocument();
  });
});
