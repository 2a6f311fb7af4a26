import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  censusResponseSchema,
  laListResponseSchema,
  laSentResponseSchema,
  type CensusResponse,
  type LaListResponse,
} from '../../shared/api/statutorySchemas';
import * as statutoryApi from '../../shared/api/endpoints/statutoryEndpoints';
import { ctfPupilsResponseSchema } from '../../shared/api/ctfSchemas';
import * as ctfApi from '../../shared/api/endpoints/ctfEndpoints';
import { fakeAdminServer, ok, sectionProps } from '../admin/adminServer.fixture';
import type { AppDb } from '../db/appDb';
import { resetSyncStatusStore } from '../sync/syncStatusStore';
import { freshDb } from '../testSupport.fixture';
import { StatutorySection } from './StatutorySection';

let db: AppDb;
afterEach(() => {
  cleanup();
  resetSyncStatusStore();
  db.close();
});

const PUPIL = '00000000-0000-4000-8000-0000000c0001';
const CENSUS: CensusResponse = {
  title: '2025/26 autumn census (summer term 2025)',
  term: 'autumn',
  year: 2025,
  censusDay: '2025-10-02',
  ageDate: '2024-08-31',
  periods: [
    { part: 'termly', from: '2025-04-21', to: '2025-05-25', openSessions: 48 },
    { part: 'summerHalfTerm2', from: '2025-05-26', to: '2025-07-31', openSessions: 74 },
  ],
  pupils: [
    {
      pupilId: PUPIL,
      upn: null,
      name: 'Ada Lovelace',
      dateOfBirth: '2016-05-01',
      onRollOnCensusDay: true,
      periods: [
        {
          part: 'termly',
          possible: 48,
          authorised: 2,
          unauthorised: 1,
          reasons: [
            { code: 'I', sessions: 2 },
            { code: 'O', sessions: 1 },
          ],
          noReasonYet: 0,
        },
        {
          part: 'summerHalfTerm2',
          possible: 74,
          authorised: 0,
          unauthorised: 0,
          reasons: [],
          noReasonYet: 0,
        },
      ],
    },
  ],
  excluded: [],
  issues: [
    {
      rule: 'TM-C1',
      dfeRule: null,
      severity: 'error',
      pupilId: PUPIL,
      message: 'Ada Lovelace has no UPN: the census identifies pupils by UPN.',
    },
  ],
  totals: [
    { part: 'termly', possible: 48, authorised: 2, unauthorised: 1 },
    { part: 'summerHalfTerm2', possible: 74, authorised: 0, unauthorised: 0 },
  ],
};

const LIST: LaListResponse = {
  list: 'deletions',
  title: 'Deletions',
  from: '2025-09-01',
  to: '2025-10-06',
  rows: [
    {
      pupilId: PUPIL,
      upn: 'A123456789012',
      name: 'Ada Lovelace',
      dateOfBirth: '2016-05-01',
      yearGroup: '4',
      date: '2025-09-26',
      dueBy: '2025-09-26',
      dueByIsEstimate: false,
      grounds: 'registered_elsewhere',
      detail: 'Registered at another school',
      sessions: null,
      lastSentAt: null,
    },
  ],
  notRequired: [],
  sent: [],
};

const SENT = {
  id: '00000000-0000-4000-8000-0000000c0009',
  from: '2025-09-01',
  to: '2025-10-06',
  pupilCount: 1,
  pupils: [{ id: PUPIL, name: 'Ada Lovelace' }],
  sentAt: '2025-10-06T09:05:00.000Z',
  sentBy: { id: '00000000-0000-4000-8000-00000000a009', name: 'Sam Admin', role: 'admin' as const },
  sentTo: 'Admissions portal',
  note: null,
};

describe('the statutory returns section', { timeout: 30_000 }, () => {
  it('opens the CTF tab, which reads the pupils a CTF can be made for', async () => {
    db = freshDb();
    const server = fakeAdminServer(() =>
      ok(ctfPupilsResponseSchema, {
        school: { name: 'Oakfield Primary', lea: '202', estab: '2001' },
        pupils: [],
        nextSequence: 1,
      }),
    );
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StatutorySection {...props} />);

    await user.click(screen.getByRole('button', { name: 'CTF' }));
    expect(screen.getByRole('button', { name: 'CTF' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { name: 'Make a leaver’s CTF' })).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Import a joining pupil’s CTF' }),
    ).toBeInTheDocument();
    expect(server.requests.map((r) => r.path)).toEqual([ctfApi.ctfPupils.path]);
  });

  it('checks a census: its periods, totals, the checks to fix and each pupil’s figures', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ok(censusResponseSchema, CENSUS));
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StatutorySection {...props} />);

    expect(screen.getByRole('button', { name: 'School census' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // On 6 October the likely census is this autumn's.
    expect(screen.getByLabelText('Census')).toHaveValue('autumn');
    await user.click(screen.getByRole('button', { name: 'Check the census' }));

    expect(await screen.findByRole('heading', { name: CENSUS.title })).toBeInTheDocument();
    expect(server.requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
      `${statutoryApi.census.path}?term=autumn&year=2025`,
    ]);
    expect(screen.getByText(/1 error to fix, 0 queries to check/)).toBeInTheDocument();
    expect(screen.getByText(/Error TM-C1:/)).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /Ada Lovelace/ });
    expect(within(row).getByText('48, 2, 1; I 2, O 1')).toBeInTheDocument();
    expect(within(row).getByText('74, 0, 0')).toBeInTheDocument();
  });

  it('shows a local-authority list and records it as sent, asking where it went', async () => {
    db = freshDb();
    let sent = false;
    const server = fakeAdminServer((request) => {
      if (request.method === 'POST') {
        sent = true;
        return ok(laSentResponseSchema, SENT, 201);
      }
      return ok(
        laListResponseSchema,
        sent
          ? {
              ...LIST,
              rows: LIST.rows.map((r) => ({ ...r, lastSentAt: SENT.sentAt })),
              sent: [SENT],
            }
          : LIST,
      );
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StatutorySection {...props} initialTab="la" />);

    await user.selectOptions(screen.getByLabelText('List'), 'deletions');
    await user.click(screen.getByRole('button', { name: 'Show the list' }));
    const row = await screen.findByRole('row', { name: /Ada Lovelace/ });
    expect(within(row).getByText('Registered at another school')).toBeInTheDocument();
    expect(within(row).getByText('26/09/2025 – overdue')).toBeInTheDocument();
    expect(within(row).getByText('Not sent')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Record as sent' }));
    expect(screen.getByText(/Sent to is required/)).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);

    await user.type(screen.getByLabelText('Sent to'), 'Admissions portal');
    await user.click(screen.getByRole('button', { name: 'Record as sent' }));
    expect(
      await screen.findByText(/Recorded: Deletions with 1 pupils, sent to Admissions portal/),
    ).toBeInTheDocument();
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe('/api/statutory/la/deletions/sent');
    expect(post?.body).toEqual({
      from: '2025-09-01',
      to: '2025-10-06',
      pupilIds: [PUPIL],
      sentTo: 'Admissions portal',
    });
    expect(
      await screen.findByText(/sent to Admissions portal by Sam Admin \(admin\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Who was on it')).toBeInTheDocument();
    expect(
      within(screen.getByRole('row', { name: /Ada Lovelace/ })).queryByText('Not sent'),
    ).toBeNull();
  });
});
