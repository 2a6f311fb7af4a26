import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { fixedClock, LONDON, offlineFetch, profile, putRoster } from '../ui/screens.fixture';
import { freshDb, ManualTimers } from '../testSupport.fixture';
import type { FetchLike } from '../api/call';
import { CaseworkSection } from './CaseworkSection';
import {
  ADA,
  BEN,
  caseAction,
  FakeCaseworkServer,
  LEAD_ID,
  LETTER_PROPOSAL,
} from './caseworkServer.fixture';

const PIN = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'c2FsdA==',
  hash: 'aGFzaA==',
} as const;
const LEAD = profile({ staffId: LEAD_ID, name: 'Mrs Lead', role: 'attendance_lead' }, PIN);

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

function renderCasework(fetch: FetchLike) {
  return render(
    <CaseworkSection
      db={db}
      staff={LEAD}
      clock={fixedClock(LONDON.amOpen)}
      timers={new ManualTimers(LONDON.amOpen)}
      fetch={fetch}
    />,
  );
}

describe('CaseworkSection: the day’s list', () => {
  it('lists overdue and due actions and the ladder’s proposals', async () => {
    const server = new FakeCaseworkServer();
    server.actions = [
      caseAction({ pupilId: BEN.id, title: 'Call home', dueOn: '2025-09-04' }),
      caseAction({ pupilId: ADA.id, kind: 'meeting', title: 'Attendance meeting' }),
    ];
    server.proposals = [{ pupil: ADA, proposal: LETTER_PROPOSAL }];
    renderCasework(server.fetch);
    const actions = await screen.findByRole('region', { name: 'Actions due (2)' });
    const items = within(actions).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Overdue Ben Brown: Call home (Phone call)');
    expect(items[1]).toHaveTextContent('Due today Ada Adams: Attendance meeting (Meeting)');
    const proposals = screen.getByRole('region', { name: 'Proposed by the ladder (1)' });
    expect(proposals).toHaveTextContent('Attendance is 91.7 %, below 93 %.');
  });

  it('accepting a proposal adds the action to the case; declining records it declined', async () => {
    const user = userEvent.setup();
    const server = new FakeCaseworkServer();
    server.proposals = [
      { pupil: ADA, proposal: LETTER_PROPOSAL },
      { pupil: BEN, proposal: LETTER_PROPOSAL },
    ];
    renderCasework(server.fetch);
    await user.click(
      await screen.findByRole('button', { name: 'Accept Stage 1 letter for Ada Adams' }),
    );
    expect(
      await screen.findByText('Stage 1 letter added to Ada Adams’s case, due 8 September 2025.'),
    ).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'Actions due (1)' })).toHaveTextContent(
      'Ada Adams: Stage 1 letter (Letter)',
    );
    await user.click(screen.getByRole('button', { name: 'Decline Stage 1 letter for Ben Brown' }));
    expect(await screen.findByText(/declined for Ben Brown/)).toBeInTheDocument();
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path, (r.body as { status: string }).status])).toEqual([
      [`/api/casework/pupils/${ADA.id}/actions`, 'planned'],
      [`/api/casework/pupils/${BEN.id}/actions`, 'declined'],
    ]);
    expect(await screen.findByRole('region', { name: 'Proposed by the ladder (0)' })).toBeVisible();
  });

  it('says casework needs a connection when the server cannot be reached', async () => {
    renderCasework(offlineFetch);
    expect(await screen.findByRole('alert')).toHaveTextContent('Casework needs a connection');
  });
});
