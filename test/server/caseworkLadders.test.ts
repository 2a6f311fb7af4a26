/**
 * The four example ladders (seeds 000, 001, 003 and 004) set up as a school's configuration and a
 * pupil walked through each over HTTP, school day by school day: the register raises the alerts,
 * the ladder proposes, the attendance lead accepts, letters are made as PDF, meetings are
 * recorded with notes, and a review follows.
 */
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DAYS_ABSENT_LADDER,
  localDate,
  openSessionsBetween,
  RATE_LADDER,
  STAGES_LADDER,
  TARGET_LADDER,
  type LocalDate,
} from '../../src/domain/index';
import {
  actionResponseSchema,
  dueResponseSchema,
  letterResponseSchema,
  pupilCaseResponseSchema,
} from '../../src/shared/api/caseworkSchemas';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { configOf, markRegister } from './caseworkFixtures';
import { createSyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

const weekday = (d: LocalDate) => new Date(`${d}T12:00:00Z`).getUTCDay();

const SCENARIOS = [
  {
    seed: '000',
    expected: [
      '2024-09-16 first-day-call',
      '2024-09-18 day-3-letter (letter school-attendance-letter)',
      '2024-09-20 day-5-referral',
      '2024-09-27 day-10-meeting',
      '2024-09-30 reintegration-plan',
    ],
    ladder: DAYS_ABSENT_LADDER,
    // Unexplained for two weeks from Monday 16 September, back on the 30th.
    codeOn: (d: LocalDate) => (d >= '2024-09-16' && d <= '2024-09-27' ? 'N' : undefined),
    to: '2024-10-04',
  },
  {
    seed: '001',
    expected: [
      '2024-10-07 letter-93 (letter support-offer)',
      '2024-10-14 review-meeting',
      '2024-11-04 support-meeting',
      '2024-11-11 formal-meeting',
    ],
    ladder: RATE_LADDER,
    codeOn: (d: LocalDate) =>
      ['2024-09-30', '2024-10-07', '2024-10-14', '2024-10-21', '2024-11-11', '2024-11-18'].includes(
        d,
      )
        ? 'I'
        : undefined,
    to: '2024-12-06',
  },
  {
    seed: '003',
    expected: [
      '2024-09-16 stage-1-letter (letter stage-1)',
      '2024-09-24 lateness-letter (letter lateness)',
      '2024-10-01 lateness-meeting',
      '2024-10-14 stage-2-call',
      '2024-10-14 stage-2-letter (letter stage-2)',
      '2024-11-11 stage-3-interview',
      '2024-11-11 stage-3-letter (letter stage-3-warning)',
      '2024-11-11 notice-to-improve',
      '2024-12-09 penalty-notice',
    ],
    ladder: STAGES_LADDER,
    codeOn: (d: LocalDate) =>
      d >= '2024-09-16' && weekday(d) === 1
        ? 'O'
        : d >= '2024-09-17' && weekday(d) === 2
          ? 'L'
          : undefined,
    to: '2024-12-20',
  },
  {
    seed: '004',
    expected: ['2024-09-16 letter-96 (letter below-target)', '2024-10-21 lead-meeting'],
    ladder: TARGET_LADDER,
    codeOn: (d: LocalDate) =>
      ['2024-09-16', '2024-09-30', '2024-10-14', '2024-10-21', '2024-10-22', '2024-10-23'].includes(
        d,
      )
        ? 'I'
        : undefined,
    to: '2024-11-08',
  },
] as const;

describe('the example ladders as configuration, walked through over HTTP', () => {
  it.each(SCENARIOS)('seed $seed', async ({ ladder, codeOn, to, expected }) => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db);
    const pupil = school.pupil(1);
    await markRegister(t.db, school, school.member('office'), pupil, '2024-09-03', to, codeOn);
    const days = [
      ...new Set(
        openSessionsBetween(configOf(school), localDate('2024-09-04'), localDate(to), '3').map(
          (s) => s.date,
        ),
      ),
    ];
    const log: string[] = [];
    let lead: TestClient | null = null;
    for (const day of days) {
      // After school, when the day's register is complete; a fresh sign-in each day.
      clock.set(`${day}T16:00:00Z`);
      lead = new TestClient(app);
      await lead.signIn(school.member('lead'));
      if (log.length === 0) {
        expect((await lead.request('PUT', '/api/casework/ladder', { ladder })).status).toBe(200);
      }
      for (;;) {
        const view = pupilCaseResponseSchema.parse(
          await (await lead.get(`/api/casework/pupils/${pupil}`)).json(),
        );
        if (view.proposals.length === 0) break;
        for (const p of view.proposals) {
          // A person decides: the lead accepts the proposal as an action…
          const added = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
            kind: p.kind,
            title: p.stageName,
            stageId: p.stageId,
            dueOn: day,
          });
          expect(added.status).toBe(201);
          const { action } = actionResponseSchema.parse(await added.json());
          let note = '';
          if (p.letter !== null) {
            // …makes the letter, which is read back from the PDF…
            const made = letterResponseSchema.parse(
              await (await lead.post(`/api/casework/actions/${action.id}/letters`, {})).json(),
            );
            const bytes = new Uint8Array(
              await (await lead.get(`/api/casework/letters/${made.letter.id}`)).arrayBuffer(),
            );
            const text = await pdfText(bytes);
            expect(text).toContain('Dear Parent or Carer of Pupil2 Surname002');
            expect(text).toContain(`Between 1 September 2024 and ${longDay(day)}`);
            note = ` (letter ${made.letter.template})`;
          }
          // …and records it done, a meeting with its notes, and a review date where it has one.
          const done = await lead.request('PUT', `/api/casework/actions/${action.id}`, {
            status: 'done',
            ...(p.kind === 'meeting'
              ? { notes: 'Met mum and the pupil; barriers discussed.' }
              : {}),
            ...(p.reviewInDays === null ? {} : { reviewOn: addDaysTo(day, p.reviewInDays) }),
          });
          expect(done.status).toBe(200);
          log.push(`${day} ${p.stageId}${note}`);
        }
      }
    }
    expect(log).toEqual(expected);
    if (lead === null) throw new Error('no school day walked');

    // The reviews come due on the lead's list, and a review is recorded.
    const last = days[days.length - 1] ?? to;
    const due = dueResponseSchema.parse(
      await (await lead.get(`/api/casework/due?on=${addDaysTo(last, 60)}`)).json(),
    );
    const reviews = due.actions.filter((a) => a.why === 'review');
    expect(reviews.length).toBeGreaterThan(0);
    const review = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
      kind: 'review',
      dueOn: last,
      notes: 'Reviewed: attendance and the plan.',
    });
    expect(review.status).toBe(201);
    const after = dueResponseSchema.parse(
      await (await lead.get(`/api/casework/due?on=${addDaysTo(last, 60)}`)).json(),
    );
    expect(after.actions.filter((a) => a.why === 'review')).toEqual([]);
  });
});

function addDaysTo(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function longDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
