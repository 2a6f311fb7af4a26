/**
 * Part-time timetables: agreeing one pre-enters exactly its off sessions as C2 through the
 * register's events; ending it early withdraws the future ones through audited events, leaving
 * any entry someone changed since.
 */
import { randomUUID } from 'node:crypto';
import { localDate } from '../../src/domain/index';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  partTimeListResponseSchema,
  partTimeResponseSchema,
} from '../../src/shared/api/caseworkSchemas';
import { appendServerEvents } from '../../src/server/register/serverEvents';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

const MORNINGS = ['mon', 'tue', 'wed', 'thu', 'fri'].map((weekday) => ({ weekday, part: 'AM' }));
/** School days from Monday 3 to Friday 28 March 2025; Friday 7 March is an INSET day. */
const SCHOOL_DAYS = [
  '2025-03-03',
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  ...['10', '11', '12', '13', '14', '17', '18', '19', '20', '21', '24', '25', '26', '27', '28'].map(
    (d) => `2025-03-${d}`,
  ),
];

async function entries(schoolId: string, pupilId: string) {
  const { rows } = await t.db.query<{ day: string; part: string; code: string }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS day, session_part AS part, code
       FROM register_entry WHERE school_id = $1 AND pupil_id = $2
      ORDER BY session_date, session_part`,
    [schoolId, pupilId],
  );
  return rows.map((r) => `${r.day} ${r.part} ${r.code}`);
}

describe('part-time timetables', () => {
  it('pre-enters exactly its off sessions as C2, and ending early withdraws the future ones through events', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
    const pupil = school.pupil(4);

    const res = await lead.post(`/api/casework/pupils/${pupil}/part-time`, {
      attends: MORNINGS,
      startsOn: '2025-03-03',
      reviewOn: '2025-03-17',
      endsOn: '2025-03-28',
      agreement: 'Mornings only for four weeks, agreed with mum and the local authority.',
      agreedOn: '2025-02-28',
    });
    const json: unknown = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(201);
    const made = partTimeResponseSchema.parse(json);
    expect(made.preEntered).toEqual({ applied: 19, unchanged: 0, conflict: 0 });
    expect(made.timetable).toMatchObject({ offSessions: 19, reviewDue: false, laNotifiedOn: null });
    expect(await entries(school.id, pupil)).toEqual(SCHOOL_DAYS.map((d) => `${d} PM C2`));

    const { rows: made_events } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mark_event
        WHERE school_id = $1 AND pupil_id = $2 AND kind = 'mark' AND code = 'C2'
          AND actor_staff_id = $3 AND actor_role = 'attendance_lead' AND reason LIKE 'Part-time timetable agreed%'`,
      [school.id, pupil, school.member('lead').id],
    );
    expect(made_events[0]?.n).toBe(19);

    // The office records that the pupil came in on the afternoon of 25 March after all.
    const { rows: heads } = await t.db.query<{ head_event_id: string }>(
      `SELECT head_event_id FROM register_entry
        WHERE school_id = $1 AND pupil_id = $2 AND session_date = '2025-03-25' AND session_part = 'PM'`,
      [school.id, pupil],
    );
    const office = school.member('office');
    await t.db.transaction((tx) =>
      appendServerEvents(tx, {
        schoolId: school.id,
        now: clock.now(),
        events: [
          {
            eventId: randomUUID(),
            pupilId: pupil,
            session: { date: localDate('2025-03-25'), part: 'PM' },
            code: '/',
            minutesLate: null,
            arrivedAt: null,
            reason: 'Came in for the class assembly.',
            baseEventId: heads[0]?.head_event_id ?? null,
            actor: { staffId: office.id, name: office.name, role: 'office' },
            deviceId: null,
            recordedAt: clock.now().toISOString(),
          },
        ],
      }),
    );

    const ended = await lead.request('PUT', `/api/casework/part-time/${made.timetable.id}`, {
      endOn: '2025-03-14',
      laNotifiedOn: '2025-03-04',
    });
    const endedJson: unknown = await ended.json();
    expect(ended.status, JSON.stringify(endedJson)).toBe(200);
    const after = partTimeResponseSchema.parse(endedJson);
    // 17–28 March: ten afternoons, one of them changed by the office since.
    expect(after.withdrawn).toEqual({ withdrawn: 9, leftChanged: 1 });
    expect(after.timetable).toMatchObject({
      endsOn: '2025-03-14',
      endedEarlyOn: '2025-03-04',
      reviewOn: '2025-03-14',
      laNotifiedOn: '2025-03-04',
      offSessions: 10,
    });
    expect(await entries(school.id, pupil)).toEqual([
      ...SCHOOL_DAYS.filter((d) => d <= '2025-03-14').map((d) => `${d} PM C2`),
      '2025-03-25 PM /',
    ]);

    // The removals are events in the log, by the lead, with the reason; nothing was deleted.
    const { rows: log } = await t.db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM mark_event WHERE school_id = $1 AND pupil_id = $2
        GROUP BY kind ORDER BY kind`,
      [school.id, pupil],
    );
    expect(log).toEqual([
      { kind: 'amend', n: 1 },
      { kind: 'mark', n: 19 },
      { kind: 'withdrawn', n: 9 },
    ]);
    const { rows: withdrawals } = await t.db.query<{ day: string; reason: string; role: string }>(
      `SELECT to_char(session_date, 'YYYY-MM-DD') AS day, reason, actor_role AS role
         FROM mark_event WHERE school_id = $1 AND pupil_id = $2 AND kind = 'withdrawn'
        ORDER BY session_date`,
      [school.id, pupil],
    );
    expect(withdrawals.map((w) => w.day)).toEqual(
      SCHOOL_DAYS.filter((d) => d > '2025-03-14' && d !== '2025-03-25'),
    );
    expect(new Set(withdrawals.map((w) => `${w.role}: ${w.reason}`))).toEqual(
      new Set(['attendance_lead: Part-time timetable ended early: its last day is 14 March 2025.']),
    );

    const list = partTimeListResponseSchema.parse(
      await (await lead.get('/api/casework/part-time')).json(),
    );
    expect(list.timetables.map((x) => x.id)).toEqual([made.timetable.id]);
  });

  it('refuses a timetable whose review is outside its dates', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
    const res = await lead.post(`/api/casework/pupils/${school.pupil(0)}/part-time`, {
      attends: MORNINGS,
      startsOn: '2025-03-03',
      reviewOn: '2025-04-30',
      endsOn: '2025-03-28',
      agreement: 'Mornings only.',
      agreedOn: '2025-02-28',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('review must fall between');
  });
});
