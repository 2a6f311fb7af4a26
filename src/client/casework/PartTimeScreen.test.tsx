import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { putRoster } from '../ui/screens.fixture';
import { freshDb } from '../testSupport.fixture';
import { BEN, FakeCaseworkServer, renderCasework } from './caseworkServer.fixture';

configure({ asyncUtilTimeout: 10_000 });

let db: AppDb;
beforeEach(async () => {
  db = freshDb();
  await putRoster(db);
});
afterEach(() => {
  cleanup();
  db.close();
});

describe('CaseworkSection: part-time timetables', () => {
  it('agrees a timetable of mornings, lists it, and ends it early', async () => {
    const user = userEvent.setup({ delay: null });
    const server = new FakeCaseworkServer();
    renderCasework(db, server.fetch);
    await user.click(await screen.findByRole('button', { name: 'Part-time timetables' }));
    expect(await screen.findByText('No part-time timetables have been agreed.')).toBeVisible();

    const box = screen.getByRole('combobox', { name: 'Pupil' });
    await user.type(box, 'Ben');
    await user.keyboard('{ArrowDown}{Enter}');
    // Mornings are chosen; Friday morning is taken off the pattern.
    const friday = screen.getByRole('button', { name: 'Friday morning' });
    expect(friday).toHaveAttribute('aria-pressed', 'true');
    await user.click(friday);
    expect(friday).toHaveAttribute('aria-pressed', 'false');
    await user.type(screen.getByLabelText('Review on'), '22/09/2025');
    await user.type(screen.getByLabelText('Ends on'), '17/10/2025');
    await user.type(
      screen.getByLabelText('Agreement (who agreed what)'),
      'Agreed with parents and LA.',
    );
    await user.click(screen.getByRole('button', { name: 'Agree the timetable' }));
    expect(
      await screen.findByText(
        'Part-time timetable agreed for Ben Brown: 25 off sessions entered as C2.',
      ),
    ).toBeVisible();
    const sent = server.requests.find((r) => r.method === 'POST');
    expect(sent?.path).toBe(`/api/casework/pupils/${BEN.id}/part-time`);
    expect(sent?.body).toMatchObject({
      attends: [
        { weekday: 'mon', part: 'AM' },
        { weekday: 'tue', part: 'AM' },
        { weekday: 'wed', part: 'AM' },
        { weekday: 'thu', part: 'AM' },
      ],
      startsOn: '2025-09-08',
      reviewOn: '2025-09-22',
      endsOn: '2025-10-17',
      agreedOn: '2025-09-08',
    });

    const list = await screen.findByRole('list', { name: 'Part-time timetables' });
    expect(within(list).getByText(/attends Monday morning, Tuesday morning/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'End Ben Brown’s timetable early' }));
    expect(
      await screen.findByText(
        'Ben Brown’s timetable now ends 8 September 2025: 12 future C2 entries withdrawn, 1 left because someone changed them.',
      ),
    ).toBeVisible();
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ endOn: '2025-09-08' });
  });
});
