import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  governorPackResponseSchema,
  targetListResponseSchema,
  targetResponseSchema,
  type GovernorPackResponse,
  type TargetRecord,
} from '../../shared/api/governorSchemas';
import { adminProfile, fakeAdminServer, ok, sectionProps } from '../admin/adminServer.fixture';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { GovernorsSection } from './GovernorsSection';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const SCHOOL = '00000000-0000-4000-8000-00000000050c';
const TARGET_ID = '00000000-0000-4000-8000-0000000007a1';

function stats(possible: number, absent: number) {
  const attended = possible - absent;
  const rate = (n: number) => (possible === 0 ? null : (100 * n) / possible);
  return {
    possible,
    present: attended,
    aea: 0,
    attended,
    authorised: absent,
    unauthorised: 0,
    notAbsentButPossible: 0,
    overallAbsence: absent,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    minutesLateBeforeClose: 0,
    minutesLateAfterClose: 0,
    byCode: {},
    attendancePercent: rate(attended),
    authorisedPercent: rate(absent),
    unauthorisedPercent: 0,
    overallAbsencePercent: rate(absent),
  };
}

const cohort = { pupils: 30, persistent: 2, severe: 0, persistentPercent: 6.67, severePercent: 0 };

const TARGET: TargetRecord = {
  id: TARGET_ID,
  year: 2025,
  yearLabel: '2025–26',
  group: null,
  groupLabel: 'Whole school',
  attendancePercent: 96.5,
  persistentPercent: 11,
  note: null,
  proposedAt: '2025-09-20T10:00:00.000Z',
  proposedBy: { name: 'Lee Lead', role: 'attendance_lead' },
  status: 'proposed',
  decision: null,
  inForce: false,
};

const PACK: GovernorPackResponse = {
  school: { id: SCHOOL, name: 'Oakfield Primary' },
  term: { name: 'Autumn 1', from: '2025-09-03', to: '2025-10-06', asOf: '2025-10-06' },
  terms: [
    { name: 'Summer 2', from: '2025-06-02', to: '2025-07-22' },
    { name: 'Autumn 1', from: '2025-09-03', to: '2025-10-24' },
  ],
  thresholds: { persistentAbsencePercent: 10, severeAbsencePercent: 50 },
  figures: { stats: stats(1200, 48), cohort },
  trends: {
    weeks: [
      {
        weekStart: '2025-09-29',
        week: stats(300, 6),
        toDate: stats(1200, 48),
        pupils: 30,
        persistent: 2,
        persistentPercent: 6.67,
        attendance: 'met',
        persistence: 'met',
      },
    ],
    terms: [
      {
        name: 'Autumn 1',
        from: '2025-09-03',
        to: '2025-10-06',
        figures: { stats: stats(1200, 48), cohort },
      },
    ],
  },
  groups: {
    smallGroupMinimum: 10,
    keys: ['sen'],
    rows: [
      {
        group: { key: 'sen', value: 'ehcPlan', label: 'SEN provision: EHC plan' },
        figures: null,
        suppressed: true,
      },
    ],
    notes: [],
  },
  benchmarks: { rows: [], notes: ['No published figures are loaded.'] },
  targets: { yearLabel: '2025–26', inForce: [], waiting: 1 },
};

describe('the governors section', () => {
  it('shows a governor the pack: every rate beside its sessions, small groups hidden, print and PDF', async () => {
    const server = fakeAdminServer(() => ok(governorPackResponseSchema, PACK));
    const { props } = sectionProps(
      (db = freshDb()),
      server.fetch,
      adminProfile({ role: 'governor' }),
    );
    const user = userEvent.setup();
    render(<GovernorsSection {...props} />);

    expect(
      await screen.findByRole('heading', { name: 'Oakfield Primary: Autumn 1' }),
    ).toBeVisible();
    expect(screen.getAllByText('96.0% of 1,200 sessions').length).toBeGreaterThan(0);
    expect(screen.getByText('Fewer than 10 pupils: not shown')).toBeVisible();
    expect(screen.getByText('No published figures are loaded.')).toBeVisible();
    expect(screen.getByText('One proposed target waits for a governor’s decision.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Print' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Download PDF' })).toHaveAttribute(
      'href',
      '/api/governors/pack.pdf?term=2025-09-03',
    );

    // Another term: asked for by its first day.
    await user.selectOptions(screen.getByLabelText('Term'), '2025-06-02');
    expect(server.requests.at(-1)?.query.get('term')).toBe('2025-06-02');
  });

  it("shows each group target in force week by week, and a small group's as not shown", async () => {
    const approved = {
      ...TARGET,
      status: 'approved' as const,
      inForce: true,
      decision: {
        decidedAt: '2025-09-25T09:00:00.000Z',
        decidedBy: { name: 'Gill Governor', role: 'governor' as const },
        note: null,
      },
    };
    const girls = { key: 'sex', value: 'female', label: 'Sex: Female' } as const;
    const fsm = { key: 'fsm', value: 'yes', label: 'Free school meals: Yes' } as const;
    const girlsWeek = {
      weekStart: '2025-09-29',
      week: stats(150, 12),
      toDate: stats(600, 30),
      pupils: 15,
      persistent: 3,
      persistentPercent: 20,
      attendance: 'met' as const,
      persistence: 'above' as const,
    };
    const pack: GovernorPackResponse = {
      ...PACK,
      targets: {
        ...PACK.targets,
        inForce: [
          {
            target: { ...approved, group: girls, groupLabel: girls.label },
            figures: { stats: stats(600, 30), cohort },
            attendance: 'met',
            persistence: 'above',
            weeks: [girlsWeek],
          },
          {
            target: {
              ...approved,
              id: TARGET_ID.replace('7a1', '7a2'),
              group: fsm,
              groupLabel: fsm.label,
            },
            figures: null,
            attendance: null,
            persistence: null,
            weeks: null,
          },
        ],
      },
    };
    const server = fakeAdminServer(() => ok(governorPackResponseSchema, pack));
    const { props } = sectionProps(
      (db = freshDb()),
      server.fetch,
      adminProfile({ role: 'governor' }),
    );
    render(<GovernorsSection {...props} />);

    const girlsWeeks = await screen.findByRole('region', { name: 'Week by week: Sex: Female' });
    const row = within(girlsWeeks).getByRole('row', { name: /29 September 2025/ });
    expect(within(row).getByText('92.0% of 150 sessions')).toBeVisible();
    expect(within(row).getByText('20.0% (3 of 15 pupils)')).toBeVisible();
    expect(within(row).getByText('Above target')).toBeVisible();
    const small = screen.getByRole('region', { name: 'Week by week: Free school meals: Yes' });
    expect(within(small).getByText('Fewer than 10 pupils: not shown')).toBeVisible();
    expect(within(small).queryByRole('table')).toBeNull();
  });

  it('lets a governor approve a proposed target, and offers them no proposal form', async () => {
    let decided = false;
    const server = fakeAdminServer((request) => {
      if (request.method === 'POST') {
        decided = true;
        return ok(targetResponseSchema, {
          target: {
            ...TARGET,
            status: 'approved',
            inForce: true,
            decision: {
              decidedAt: '2025-10-06T09:00:00.000Z',
              decidedBy: { name: 'Gill Governor', role: 'governor' },
              note: 'Agreed',
            },
          },
        });
      }
      return ok(targetListResponseSchema, {
        year: 2025,
        yearLabel: '2025–26',
        targets: [decided ? { ...TARGET, status: 'approved', inForce: true } : TARGET],
      });
    });
    const { props } = sectionProps(
      (db = freshDb()),
      server.fetch,
      adminProfile({ role: 'governor' }),
    );
    const user = userEvent.setup();
    render(<GovernorsSection {...props} initialTab="targets" />);

    const item = (await screen.findByRole('heading', { name: /Whole school: attendance 96.5%/ }))
      .parentElement as HTMLElement;
    expect(within(item).getByText('Waiting for a governor')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Propose to the governors' })).toBeNull();
    await user.type(within(item).getByLabelText('Note (optional)'), 'Agreed');
    await user.click(within(item).getByRole('button', { name: 'Approve' }));

    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe(`/api/targets/${TARGET_ID}/decision`);
    expect(post?.body).toEqual({ decision: 'approved', note: 'Agreed' });
    expect(await screen.findByText('Whole school: approved.')).toBeVisible();
    expect(await screen.findByText('Approved')).toBeVisible();
  });

  it('lets the lead propose a target for a group, checking the rates first', async () => {
    const server = fakeAdminServer((request) =>
      request.method === 'POST'
        ? ok(
            targetResponseSchema,
            {
              target: {
                ...TARGET,
                group: { key: 'sen', value: 'ehcPlan', label: 'SEN provision: EHC plan' },
                groupLabel: 'SEN provision: EHC plan',
              },
            },
            201,
          )
        : ok(targetListResponseSchema, { year: 2025, yearLabel: '2025–26', targets: [] }),
    );
    const { props } = sectionProps(
      (db = freshDb()),
      server.fetch,
      adminProfile({ role: 'attendance_lead' }),
    );
    const user = userEvent.setup();
    render(<GovernorsSection {...props} initialTab="targets" />);

    const submit = await screen.findByRole('button', { name: 'Propose to the governors' });
    await user.type(screen.getByLabelText('Attendance to reach (%)', { exact: false }), '101');
    await user.click(submit);
    expect(await screen.findByText('Attendance to reach (%) must be 100 or less.')).toBeVisible();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.selectOptions(screen.getByLabelText('For'), 'sen:ehcPlan');
    await user.clear(screen.getByLabelText('Attendance to reach (%)', { exact: false }));
    await user.type(screen.getByLabelText('Attendance to reach (%)', { exact: false }), '92');
    await user.type(
      screen.getByLabelText('Persistent absence at most (%)', { exact: false }),
      '20',
    );
    await user.click(submit);

    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      year: 2025,
      group: 'sen:ehcPlan',
      attendancePercent: 92,
      persistentPercent: 20,
    });
    expect(
      await screen.findByText('SEN provision: EHC plan: proposed to the governors.'),
    ).toBeVisible();
  });
});
