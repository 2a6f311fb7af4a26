import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffProfile } from '../auth/deviceAuth';
import { fixedClock, LONDON, profile, putRoster } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import type { FetchLike } from '../api/call';
import { freshDb, GROUP_ID, ManualTimers, PUPIL, TEACHER } from '../testSupport.fixture';
import { catchDownloads, onlyFile, textOf } from '../ui/downloads.fixture';
import { ReportsSection } from './ReportsSection';
import {
  absenceListAnswer,
  certificateAnswer,
  dutyAlertsAnswer,
  latenessAnswer,
  penaltyNoticeAnswer,
  reportsFetch,
  splitAbsenceListAnswer,
  splitPenaltyNoticeAnswer,
  splitSummaryAnswer,
  summaryAnswer,
} from './reportResponses.fixture';

// uPlot draws on a canvas, which jsdom does not have: a stand-in records what it was asked to draw.
// The one module a client test mocks (testSetup.fixture.ts): a library only the reports' charts
// load, and only this file renders them, so the mock meets no module loaded before it.
const drawn = vi.hoisted(() => [] as { series: string[]; data: unknown[] }[]);
vi.mock('uplot', () => {
  class FakePlot {
    static paths = { bars: () => () => null };
    constructor(options: { series: { label?: string }[] }, data: unknown[]) {
      drawn.push({ series: options.series.map((s) => s.label ?? ''), data });
    }
    setSize(): void {}
    destroy(): void {}
  }
  return { default: FakePlot };
});

const PIN = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'c2FsdA==',
  hash: 'aGFzaA==',
} as const;
const LEAD = profile(
  { staffId: '00000000-0000-4000-8000-00000000a010', name: 'Mrs Lead', role: 'attendance_lead' },
  PIN,
);
const TEACHER_PROFILE = profile(TEACHER, PIN);

// Two cores shared with other suites: give IndexedDB and React room, without changing what is asserted.
configure({ asyncUtilTimeout: 10_000 });

let db: AppDb;
beforeEach(async () => {
  db = freshDb();
  await putRoster(db);
  drawn.length = 0;
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  db.close();
});

function renderReports(staff: StaffProfile, fetch: FetchLike) {
  const timers = new ManualTimers(LONDON.amOpen);
  return render(
    <ReportsSection
      db={db}
      staff={staff}
      clock={fixedClock(LONDON.amOpen)}
      timers={timers}
      fetch={fetch}
    />,
  );
}

async function openScreen(name: string) {
  await userEvent.click(screen.getByRole('button', { name }));
}

/** Types part of a name into the pupil box and taps the match. */
async function choosePupil(typed: string, option: string) {
  await userEvent.type(await screen.findByRole('combobox', { name: 'Pupil' }), typed);
  await userEvent.click(screen.getByRole('option', { name: option }));
}

describe('ReportsSection', { timeout: 30_000 }, () => {
  it('shows a pupil’s certificate: figures, time missed in days and words, lates, the strip', async () => {
    const server = reportsFetch({ json: () => certificateAnswer() });
    renderReports(LEAD, server.fetch);

    await choosePupil('adams', 'Adams, Ada 3A');

    const certificate = await screen.findByRole('article', { name: 'Attendance of Ada Adams' });
    const request = server.calls[0];
    expect(request?.url.pathname).toBe(`/api/reports/pupils/${PUPIL.ada}/certificate`);
    expect(request?.url.searchParams.get('period')).toBe('term');
    expect(new Headers(request?.init.headers).get('X-Tickmark-Staff') ?? '').not.toBe('');

    const c = within(certificate);
    expect(c.getByText('86.4%', { selector: '.report-figure__value' })).toBeInTheDocument();
    expect(c.getByText('121 of 140 sessions')).toBeInTheDocument();
    expect(c.getByText('9.5 days — almost two school weeks')).toBeInTheDocument();
    expect(c.getByText('9.5 days (about 62 hours)')).toBeInTheDocument();
    expect(certificate).toHaveTextContent(
      'The school’s attendance target is 96.0%. Ada Adams’s attendance is below it.',
    );
    expect(certificate).toHaveTextContent('This is persistent absence');
    expect(certificate).toHaveTextContent(
      'Late before the register closed: 3 sessions, 25 minutes in all.',
    );
    expect(certificate).toHaveTextContent(
      'Late after the register closed (counted as unauthorised absence): 1 session, 40 minutes in all.',
    );

    const sessions = c.getByRole('table', { name: 'Sessions' });
    expect(
      within(sessions).getByRole('row', { name: /Authorised absence 12 8\.6%/ }),
    ).toBeInTheDocument();
    expect(
      within(sessions).getByRole('row', { name: /Unauthorised absence 7 5\.0%/ }),
    ).toBeInTheDocument();
    const reasons = c.getByRole('table', { name: 'Absence by reason' });
    expect(within(reasons).getAllByRole('row')).toHaveLength(6);

    const strip = c.getByRole('table', { name: /one row per week/ });
    expect(
      within(strip).getByRole('cell', { name: /^9 Sept? AM: L, Late.*\(10 minutes late\)$/ }),
    ).toHaveTextContent('L');
    expect(c.getByText('Illness', { selector: 'dd' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print for parents' })).toBeInTheDocument();
  });

  it('asks again with the filter when a list filter changes', async () => {
    const server = reportsFetch({ json: () => absenceListAnswer() });
    renderReports(LEAD, server.fetch);
    await openScreen('Persistent and severe absence');
    await screen.findByRole('table', { name: /Persistent absence/ });
    const first = server.calls.at(-1)?.url;
    expect(first?.pathname).toBe('/api/reports/absence');
    expect(first?.searchParams.get('groupId')).toBeNull();
    expect(first?.searchParams.get('level')).toBe('persistent');

    await userEvent.selectOptions(screen.getByLabelText('Group'), GROUP_ID);
    await waitFor(() =>
      expect(server.calls.at(-1)?.url.searchParams.get('groupId')).toBe(GROUP_ID),
    );
    await userEvent.selectOptions(screen.getByLabelText('SEND'), 'true');
    await waitFor(() => expect(server.calls.at(-1)?.url.searchParams.get('send')).toBe('true'));
    expect(server.calls.at(-1)?.url.searchParams.get('groupId')).toBe(GROUP_ID);
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'severe');
    await waitFor(() => expect(server.calls.at(-1)?.url.searchParams.get('level')).toBe('severe'));
  });

  it('splits the absence list by a characteristic, each group’s figures kept out of print', async () => {
    const server = reportsFetch({
      json: () =>
        server.calls.at(-1)?.url.searchParams.has('splitBy') === true
          ? splitAbsenceListAnswer()
          : absenceListAnswer(),
    });
    renderReports(LEAD, server.fetch);
    await openScreen('Persistent and severe absence');
    await screen.findByRole('table', { name: /Persistent absence/ });
    await userEvent.selectOptions(screen.getByLabelText('Split by'), 'sen');
    const table = await screen.findByRole('table', { name: 'By SEN provision' });
    expect(server.calls.at(-1)?.url.searchParams.get('splitBy')).toBe('sen');
    const support = within(table).getByRole('row', { name: /^SEN support/ });
    expect(support.querySelectorAll('.no-print')[1]).toHaveTextContent('2 (66.7%)');
    expect(support.querySelector('.print-only')).toHaveTextContent('fewer than 6 pupils');
  });

  it('lists each pupil’s possible sessions beside the rate and opens a certificate from a row', async () => {
    const server = reportsFetch({
      json: (path) => (path.endsWith('/certificate') ? certificateAnswer() : absenceListAnswer()),
    });
    renderReports(LEAD, server.fetch);
    await openScreen('Persistent and severe absence');
    const table = await screen.findByRole('table', { name: /Persistent absence/ });
    const dan = within(table).getByRole('row', { name: /Dan Dawes/ });
    expect(dan).toHaveTextContent(/Dan Dawes\s*3B\s*Year 3\s*20\s*10\s*50\.0%/);
    expect(dan).toHaveTextContent('Severe');
    expect(dan).toHaveTextContent('SEND');

    await userEvent.click(within(table).getByRole('button', { name: 'Certificate of Ada Adams' }));
    expect(
      await screen.findByRole('article', { name: 'Attendance of Ada Adams' }),
    ).toBeInTheDocument();
    expect(server.calls.at(-1)?.url.pathname).toBe(`/api/reports/pupils/${PUPIL.ada}/certificate`);
  });

  it('lists a nursery pupil apart from the statutory figures, with their own figures', async () => {
    const server = reportsFetch({ json: () => absenceListAnswer() });
    renderReports(LEAD, server.fetch);
    await openScreen('Persistent and severe absence');
    const statutory = await screen.findByRole('table', { name: /Persistent absence/ });
    expect(within(statutory).queryByRole('row', { name: /Nell Nash/ })).toBeNull();
    const outside = screen.getByRole('region', {
      name: 'Pupils outside the statistics’ age range',
    });
    const table = within(outside).getByRole('table', { name: /outside the age range/ });
    expect(within(table).getByRole('row', { name: /Nell Nash/ })).toHaveTextContent('Persistent');
    expect(outside).toHaveTextContent('1 of 1 pupils');
  });

  it('lists a pupil outside compulsory school age apart from the penalty-notice threshold', async () => {
    const server = reportsFetch({ json: () => penaltyNoticeAnswer() });
    renderReports(LEAD, server.fetch);
    await openScreen('Penalty-notice threshold');
    const main = await screen.findByRole('table', { name: /at or near the penalty-notice/ });
    expect(within(main).getByRole('row', { name: /Dan Dawes/ })).toBeInTheDocument();
    expect(within(main).queryByRole('row', { name: /Nell Nash/ })).toBeNull();
    const outside = screen.getByRole('region', {
      name: 'Outside compulsory school age (before it began or after the school leaving date)',
    });
    expect(within(outside).getByRole('row', { name: /Nell Nash/ })).toBeInTheDocument();
  });

  it('splits the penalty-notice list by a characteristic; a small group is not exported', async () => {
    const files = catchDownloads();
    const server = reportsFetch({
      json: () =>
        server.calls.at(-1)?.url.searchParams.has('splitBy') === true
          ? splitPenaltyNoticeAnswer()
          : penaltyNoticeAnswer(),
    });
    renderReports(LEAD, server.fetch);
    await openScreen('Penalty-notice threshold');
    await screen.findByRole('table', { name: /at or near the penalty-notice/ });
    expect(screen.queryByRole('table', { name: /By free school meals/ })).not.toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Split by'), 'fsm');
    const table = await screen.findByRole('table', { name: 'By free school meals' });
    expect(server.calls.at(-1)?.url.searchParams.get('splitBy')).toBe('fsm');
    // The lead sees the small group's figures on screen; print leaves them out.
    const yes = within(table).getByRole('row', { name: /^Yes/ });
    expect(yes.querySelectorAll('.no-print')[1]).toHaveTextContent('1');
    expect(yes.querySelector('.print-only')).toHaveTextContent('fewer than 6 pupils');

    await userEvent.click(
      screen.getByRole('button', { name: 'Download CSV: By free school meals' }),
    );
    const lines = (await textOf(onlyFile(files).blob)).split('\r\n');
    expect(lines[0]).toBe('Free school meals,Pupils,At or near the threshold');
    expect(lines).toContain('Yes,fewer than 6 pupils,fewer than 6 pupils');
    expect(lines).toContain('No,30,0');
  });

  it.each([
    { screenName: 'Lateness', answer: latenessAnswer, listed: 'Late in the range' },
    { screenName: 'Duty alerts', answer: dutyAlertsAnswer, listed: 'With an alert' },
  ])('splits the $screenName list by a characteristic', async ({ screenName, answer, listed }) => {
    const server = reportsFetch({
      json: () => answer(server.calls.at(-1)?.url.searchParams.has('splitBy') === true),
    });
    renderReports(LEAD, server.fetch);
    await openScreen(screenName);
    await userEvent.selectOptions(await screen.findByLabelText('Split by'), 'fsm');
    const table = await screen.findByRole('table', { name: 'By free school meals' });
    expect(server.calls.at(-1)?.url.searchParams.get('splitBy')).toBe('fsm');
    expect(within(table).getByRole('columnheader', { name: listed })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /^No 30 0$/ })).toBeInTheDocument();
  });

  it('offers a teacher no split of the lists', async () => {
    const server = reportsFetch({ json: () => penaltyNoticeAnswer() });
    renderReports(TEACHER_PROFILE, server.fetch);
    await openScreen('Penalty-notice threshold');
    await screen.findByRole('table', { name: /at or near the penalty-notice/ });
    expect(screen.queryByLabelText('Split by')).not.toBeInTheDocument();
  });

  it('downloads a table as CSV with the rows on screen and a filename naming the report', async () => {
    const files = catchDownloads();
    const server = reportsFetch({ json: () => certificateAnswer() });
    renderReports(LEAD, server.fetch);
    await choosePupil('adams', 'Adams, Ada 3A');
    await screen.findByRole('article', { name: 'Attendance of Ada Adams' });

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV: Absence by reason' }));

    expect(files).toHaveLength(1);
    expect(files[0]?.name).toBe(
      'attendance-ada-adams-2025-09-01-to-2025-11-21-absence-by-reason.csv',
    );
    const lines = (await textOf(onlyFile(files).blob)).split('\r\n');
    expect(lines).toEqual([
      'Reason,Code,Kind,Sessions,Share of possible sessions',
      'Illness,I,Authorised,10,7.1',
      'Unauthorised absence not covered by any other code,O,Unauthorised,4,2.9',
      'Leave for a medical or dental appointment,M,Authorised,2,1.4',
      'Unauthorised holiday,G,Unauthorised,2,1.4',
      'Arrived after the register closed,U,Unauthorised,1,0.7',
    ]);
  });

  it('downloads a list as the server’s own CSV, asked with the same filters', async () => {
    const files = catchDownloads();
    const serverCsv = 'Pupil,Possible sessions\r\nDan Dawes,20\r\n';
    const server = reportsFetch({ json: () => absenceListAnswer(), csv: () => serverCsv });
    renderReports(LEAD, server.fetch);
    await openScreen('Persistent and severe absence');
    await userEvent.selectOptions(screen.getByLabelText('Group'), GROUP_ID);
    await screen.findByRole('table', { name: /Persistent absence/ });

    await userEvent.click(
      screen.getByRole('button', { name: /^Download CSV: Persistent absence/ }),
    );

    await waitFor(() => expect(files).toHaveLength(1));
    const csvCall = server.calls.at(-1)?.url;
    expect(csvCall?.pathname).toBe('/api/reports/absence');
    expect(csvCall?.searchParams.get('format')).toBe('csv');
    expect(csvCall?.searchParams.get('groupId')).toBe(GROUP_ID);
    expect(files[0]?.name).toBe('absence-persistent-test-primary-2025-09-01-to-2025-11-21.csv');
    expect(await textOf(onlyFile(files).blob)).toBe(serverCsv);
  });

  it('says plainly that reports need a connection when the server cannot be reached', async () => {
    const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    renderReports(LEAD, offline);
    await openScreen('Lateness');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Reports need a connection. They are worked out on the office server, and this device cannot reach it just now.',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows what is being worked out, and Stop aborts the request', async () => {
    const seen: { signal: AbortSignal | null } = { signal: null };
    const hanging: FetchLike = (_url, init) => {
      seen.signal = init.signal ?? null;
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('Aborted', 'AbortError')),
        );
      });
    };
    renderReports(LEAD, hanging);
    await openScreen('Penalty-notice threshold');
    const progress = await screen.findByRole('status');
    expect(progress).toHaveTextContent('Checking every rolling window of school weeks');

    await userEvent.click(within(progress).getByRole('button', { name: 'Stop' }));
    expect(seen.signal).not.toBeNull();
    expect(seen.signal?.aborted).toBe(true);
    expect(await screen.findByText('Stopped. Nothing was worked out.')).toBeInTheDocument();
  });

  it('aborts a report in flight when the person leaves the section', async () => {
    const seen: { signal: AbortSignal | null } = { signal: null };
    const hanging: FetchLike = (_url, init) => {
      seen.signal = init.signal ?? null;
      return new Promise<Response>(() => undefined);
    };
    const view = renderReports(LEAD, hanging);
    await openScreen('Summaries');
    await screen.findByRole('status');
    view.unmount();
    expect(seen.signal?.aborted).toBe(true);
  });

  it('draws the summary charts with the same figures as a table for screen readers', async () => {
    const server = reportsFetch({ json: () => summaryAnswer() });
    renderReports(LEAD, server.fetch);
    await openScreen('Summaries');

    const weekday = await screen.findByRole('figure', { name: 'Attendance by weekday' });
    expect(weekday).toHaveTextContent(
      'Attendance was highest on Tuesdays (97.0%) and lowest on Fridays (91.0%).',
    );
    const table = within(weekday).getByRole('table', { name: 'Attendance by weekday' });
    expect(within(table).getByRole('row', { name: 'Friday 91.0% 96.0%' })).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(6);

    const trend = screen.getByRole('figure', { name: 'Trend over the school year' });
    expect(trend).toHaveTextContent('The year so far: 95.0% against a target of 96.0%.');

    // Pupils outside the statistics' age range: apart from the headline, with their own figures.
    expect(screen.getByText(/Pupils outside that age range/)).toHaveTextContent(
      '(nursery, over 15): 2 pupils, attendance 90.0% of 100 possible sessions, 1 persistently absent (0 severely).',
    );
    expect(
      within(trend).getByRole('row', { name: /^15 Sept? 94\.0% 95\.0% 96\.0%$/ }),
    ).toBeInTheDocument();

    // The canvas drawings themselves are hidden from screen readers and got the same numbers.
    // Drawn in an effect after the table is on screen.
    await waitFor(() =>
      expect(drawn.find((d) => d.series.includes('Attendance'))?.data[1]).toEqual([
        96, 97, 95, 96, 91,
      ]),
    );
    expect(server.calls[0]?.url.searchParams.get('scope')).toBe('school');
  });

  it('splits the summary by a characteristic and narrows it to a group; a small group is not exported', async () => {
    const files = catchDownloads();
    // The call being answered is the last one recorded.
    const server = reportsFetch({
      json: () =>
        server.calls.at(-1)?.url.searchParams.has('splitBy') === true
          ? splitSummaryAnswer()
          : summaryAnswer(),
    });
    renderReports(LEAD, server.fetch);
    await openScreen('Summaries');
    await screen.findByRole('figure', { name: 'Attendance by weekday' });
    expect(screen.queryByRole('table', { name: /By free school meals/ })).not.toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Split by'), 'fsm');
    const table = await screen.findByRole('table', { name: 'By free school meals' });
    expect(server.calls.at(-1)?.url.searchParams.get('splitBy')).toBe('fsm');
    // The whole beside each group, the possible sessions next to every rate; the lead sees the
    // small group's figures on screen, and is told print and exports leave them out.
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows[1]).toContain('All pupils (Test Primary)');
    expect(within(table).getByRole('row', { name: /^No 37 940 95\.7%/ })).toBeInTheDocument();
    const yes = within(table).getByRole('row', { name: /^Yes/ });
    expect(yes.querySelectorAll('.no-print')[2]).toHaveTextContent('83.3%');
    expect(yes.querySelector('.print-only')).toHaveTextContent('fewer than 6 pupils');
    expect(screen.getByText(/One group has fewer than 6 pupils/)).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Download CSV: By free school meals' }),
    );
    const lines = (await textOf(onlyFile(files).blob)).split('\r\n');
    expect(lines[0]).toBe(
      'Free school meals,Pupils,Possible sessions,Attendance,Persistently absent,Severely absent',
    );
    expect(lines).toContain(
      'Yes,fewer than 6 pupils,fewer than 6 pupils,fewer than 6 pupils,fewer than 6 pupils,fewer than 6 pupils',
    );
    expect(lines.find((l) => l.startsWith('No,'))).toMatch(/^No,37,940,95\.7,/);

    await userEvent.selectOptions(screen.getByLabelText('Only pupils who are'), 'sen:ehcPlan');
    await waitFor(() =>
      expect(server.calls.at(-1)?.url.searchParams.get('characteristic')).toBe('sen:ehcPlan'),
    );
    expect(server.calls.at(-1)?.url.searchParams.get('splitBy')).toBe('fsm');
  });

  it('offers a teacher only their own groups', async () => {
    const server = reportsFetch({ json: () => summaryAnswer() });
    renderReports(TEACHER_PROFILE, server.fetch);
    await openScreen('Summaries');
    await screen.findByRole('figure', { name: 'Attendance by weekday' });

    expect(screen.queryByLabelText('Summary of')).not.toBeInTheDocument();
    // Pupil characteristics are office-and-lead data.
    expect(screen.queryByLabelText('Split by')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Only pupils who are')).not.toBeInTheDocument();
    const groups = within(screen.getByLabelText('Group')).getAllByRole('option');
    expect(groups.map((o) => o.textContent)).toEqual(['3A']);
    expect(server.calls[0]?.url.searchParams.get('scope')).toBe('group');
    expect(server.calls[0]?.url.searchParams.get('groupId')).toBe(GROUP_ID);

    await openScreen('Attendance certificate');
    await userEvent.type(screen.getByRole('combobox', { name: 'Pupil' }), '{ArrowDown}');
    const pupils = within(screen.getByRole('listbox', { name: 'Matching pupils' }))
      .getAllByRole('option')
      .map((o) => o.querySelector('.name-combobox__label')?.textContent);
    expect(pupils).toContain('Adams, Ada');
    expect(pupils).not.toContain('Dawes, Dan');
  });

  it('narrows the certificate’s pupil list by any part of a name', async () => {
    const server = reportsFetch({ json: () => certificateAnswer() });
    renderReports(LEAD, server.fetch);
    const box = await screen.findByRole('combobox', { name: 'Pupil' });

    // Part of the surname, typed with an accent the roll does not have.
    await userEvent.type(box, 'DÁMS');
    const options = within(screen.getByRole('listbox', { name: 'Matching pupils' })).getAllByRole(
      'option',
    );
    expect(options.map((o) => o.textContent)).toEqual(['Adams, Ada 3A']);
    expect(screen.getByText(/^1 of \d+ pupils match/)).toBeInTheDocument();
    await userEvent.keyboard('{Enter}');
    expect(box).toHaveValue('Adams, Ada');
    await screen.findByRole('article', { name: 'Attendance of Ada Adams' });
  });

  it('asks for a custom range only once both days are given', async () => {
    const server = reportsFetch({ json: () => certificateAnswer() });
    renderReports(LEAD, server.fetch);
    await choosePupil('adams', 'Adams, Ada 3A');
    await screen.findByRole('article');
    const before = server.calls.length;

    await userEvent.click(screen.getByRole('radio', { name: 'Choose dates' }));
    expect(screen.getByText('Enter the first and the last day of the range.')).toBeInTheDocument();
    expect(server.calls).toHaveLength(before);
    await userEvent.type(screen.getByLabelText('First day'), '01/09/2025');
    await userEvent.type(screen.getByLabelText('Last day'), '24/10/2025');

    await waitFor(() => expect(server.calls.length).toBeGreaterThan(before));
    const query = server.calls.at(-1)?.url.searchParams;
    expect(query?.get('period')).toBe('custom');
    expect(query?.get('from')).toBe('2025-09-01');
    expect(query?.get('to')).toBe('2025-10-24');
  });
});
