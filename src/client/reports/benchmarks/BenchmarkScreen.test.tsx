import '@testing-library/jest-dom/vitest';
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchmarkResponse } from '../../../shared/api/benchmarkSchemas';
import { profile } from '../../ui/screens.fixture';
import { DEFAULT_RANGE } from '../rangeQuery';
import { reportsFetch } from '../reportResponses.fixture';
import type { ReportEnv } from '../reportScope';
import { BenchmarkScreen, formatGap, gapSentence } from './BenchmarkScreen';

configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

const PIN = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'c2FsdA==',
  hash: 'aGFzaA==',
} as const;
const source = {
  fileName: 'absence_rates_by_pupil_characteristics_autumn.csv',
  publication: 'Pupil absence in schools in England',
  loadedAt: '2026-03-01T10:00:00.000Z',
};
const period = {
  timePeriod: '202425',
  timeIdentifier: 'Autumn term',
  label: 'Autumn term 2024/25',
};
const figure = (
  level: 'national' | 'regional' | 'localAuthority',
  areaName: string,
  overallAbsencePercent: number,
  gapDaysPerPupil: number | null,
) => ({
  level,
  areaName,
  period,
  enrolments: 1000,
  possibleSessions: 140_000,
  overallAbsencePercent,
  persistentPercent: 12.9,
  severePercent: null,
  gapDaysPerPupil,
  source,
});

const ANSWER: BenchmarkResponse = {
  school: { id: '00000000-0000-4000-8000-000000000001', name: 'Test Primary' },
  range: {
    period: 'term',
    from: '2024-09-02',
    to: '2024-12-20',
    asOf: '2024-12-20',
    label: 'Autumn 1',
  },
  phase: 'primary',
  phaseName: 'State-funded primary',
  localAuthority: { code: '202', name: 'Camden' },
  region: { code: 'E12000007', name: 'London' },
  rows: [
    {
      group: null,
      label: 'All pupils',
      school: {
        pupils: 200,
        possibleSessions: 28_000,
        overallAbsenceSessions: 1_680,
        overallAbsencePercent: 6,
        persistentPercent: 15,
        severePercent: 1,
      },
      benchmarks: [
        figure('national', 'England', 4.8, 0.8),
        figure('regional', 'London', 6.0, 0),
        figure('localAuthority', 'Camden', 7.3, -0.9),
      ],
    },
    {
      group: { key: 'sen', value: 'ehcPlan' },
      label: 'SEN provision: EHC plan',
      school: null,
      benchmarks: [figure('national', 'England', 10.1, null)],
    },
  ],
  notes: [],
};

function env(role: 'attendance_lead' | 'teacher', fetch?: ReportEnv['fetch']): ReportEnv {
  return {
    staff: profile(
      { staffId: '00000000-0000-4000-8000-00000000a010', name: 'Mrs Lead', role },
      PIN,
    ),
    ...(fetch === undefined ? {} : { fetch }),
    scope: { role, groups: [], pupils: [], yearGroups: [] },
    schoolName: 'Test Primary',
  };
}

/** The screen as someone in `role` sees it, against a server answering ANSWER. */
function renderScreen(role: 'attendance_lead' | 'teacher') {
  const server = reportsFetch({ json: () => ANSWER });
  render(
    <BenchmarkScreen
      env={env(role, server.fetch)}
      range={DEFAULT_RANGE}
      onRangeChange={() => {}}
    />,
  );
  return server;
}

describe('the DfE comparison', { timeout: 30_000 }, () => {
  it('shows the school beside England, its region and its local authority, with the gap and the source', async () => {
    const server = renderScreen('attendance_lead');

    const all = await screen.findByRole('table', { name: 'All pupils' });
    expect(server.calls[0]?.url.pathname).toBe('/api/reports/benchmarks');
    expect(server.calls[0]?.url.searchParams.get('phase')).toBeNull();
    const rows = within(all).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(
        /^All pupilsEngland: EnglandAutumn term 2024\/256\.0%28,0004\.8%140,000\+0\.8 days15\.0%12\.9%1\.0%n\/aPupil absence in schools in England, absence_rates_by_pupil_characteristics_autumn\.csv, loaded /,
      ),
      expect.stringMatching(/^All pupilsRegion: London.*6\.0%.*0\.0 days/),
      expect.stringMatching(/^All pupilsLocal authority: Camden.*7\.3%.*−0\.9 days/),
    ]);
    expect(
      screen.getByText(
        /^200 pupils aged 5 to 15, 28,000 possible sessions, overall absence 6\.0%\./,
      ),
    ).toHaveTextContent(
      'Each pupil missed 0.8 days more than at England’s rate for Autumn term 2024/25. Each pupil missed about as many days as at London’s rate for Autumn term 2024/25. Each pupil missed 0.9 days fewer than at Camden’s rate for Autumn term 2024/25.',
    );
    const groups = screen.getByRole('table', { name: 'Groups of pupils' });
    expect(within(groups).getAllByRole('row')[1]).toHaveTextContent(
      /^SEN provision: EHC planEngland: England.*n\/an\/a10\.1%.*n\/a/,
    );
  });

  it('asks for another phase when one is chosen', async () => {
    const server = renderScreen('attendance_lead');
    await screen.findByRole('table', { name: 'All pupils' });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Compare with' }),
      'State-funded secondary',
    );
    await screen.findByRole('table', { name: 'All pupils' });
    expect(server.calls.at(-1)?.url.searchParams.get('phase')).toBe('secondary');
  });

  it('tells a teacher it is not theirs, and asks the server nothing', () => {
    const server = renderScreen('teacher');
    expect(
      screen.getByText(/is for the office, the attendance lead and administrators/),
    ).toBeInTheDocument();
    expect(server.calls).toEqual([]);
  });

  it.each([
    [1.2, '+1.2 days'],
    [-0.4, '−0.4 days'],
    [0, '0.0 days'],
    [null, 'n/a'],
  ])('writes a gap of %s as %s', (days, text) => {
    expect(formatGap(days)).toBe(text);
  });

  it('puts one day in the singular', () => {
    expect(gapSentence(figure('national', 'England', 4, 1))).toBe(
      'Each pupil missed 1.0 day more than at England’s rate for Autumn term 2024/25.',
    );
  });
});
