/**
 * Schools for the server benchmarks, built on the sync test fixtures (test/server/syncFixtures.ts)
 * but dated around the real today: a server process checks marks against its own real clock, so
 * the school's one term runs from before today to after it, and today's registers can be taken.
 * Optionally fills the last weeks with a mark for every pupil and session, written straight into
 * mark_event and register_entry (as the demo seed does) so a snapshot carries a real history.
 */
import {
  addDays,
  openSessionsBetween,
  parseSchoolConfig,
  toSchoolWallClock,
  type LocalDate,
  type SchoolConfig,
  type SessionRef,
} from '../../../src/domain';
import type { Queryable } from '../../../src/server/db/database';
import { createSyncSchool, syncSchoolConfig, type SyncSchool } from '../../server/syncFixtures';

export interface BenchSchoolSpec {
  readonly groups: number;
  readonly pupilsPerGroup: number;
  /** One teacher per group (`teacher1`…), plus `office`. */
  readonly teachers: number;
}

export interface BenchSchool extends SyncSchool {
  readonly config: SchoolConfig;
  readonly today: LocalDate;
}

/** Today in London by the real clock. */
export function londonToday(): LocalDate {
  return toSchoolWallClock(new Date(), 'Europe/London').date;
}

/** One term around `today`, inside its academic year (1 September to 31 August). */
function termAround(today: LocalDate): { name: string; start: string; end: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const academicStart = `${month >= 9 ? year : year - 1}-09-01`;
  const academicEnd = `${month >= 9 ? year + 1 : year}-08-31`;
  const start = addDays(today, -70);
  const end = addDays(today, 70);
  return {
    name: 'Benchmark term',
    start: start < academicStart ? academicStart : start,
    end: end > academicEnd ? academicEnd : end,
  };
}

export async function createBenchSchool(
  db: Queryable,
  spec: BenchSchoolSpec,
): Promise<BenchSchool> {
  const staff: Record<string, ['teacher'] | ['office']> = { office: ['office'] };
  for (let i = 1; i <= spec.teachers; i += 1) staff[`teacher${i}`] = ['teacher'];
  const school = await createSyncSchool(db, {
    staff,
    groups: Array.from({ length: spec.groups }, (_, i) => ({
      name: `Year 3 — Class ${i + 1}`,
      yearGroup: '3' as const,
      pupils: spec.pupilsPerGroup,
    })),
  });
  const today = londonToday();
  const raw = {
    ...syncSchoolConfig(school.id, school.name),
    terms: [termAround(today)],
    closures: [],
    bankHolidays: [],
  };
  const parsed = parseSchoolConfig(raw);
  if (!parsed.ok) throw new Error(`The benchmark school config: ${JSON.stringify(parsed.errors)}`);
  await db.query('UPDATE school SET config = $2 WHERE id = $1', [school.id, JSON.stringify(raw)]);
  return { ...school, config: parsed.value, today };
}

/** The school's open sessions (Year 3) from `from` to `to`, oldest first. */
export function sessionsBetween(school: BenchSchool, from: LocalDate, to: LocalDate): SessionRef[] {
  return openSessionsBetween(school.config, from, to, '3').map(({ date, part }) => ({
    date,
    part,
  }));
}

/**
 * A mark by the office for every pupil in every open session of the `days` before today,
 * inserted in bulk (mark_event, register_entry, the school's log head). Returns how many.
 */
export async function fillHistory(
  db: Queryable,
  school: BenchSchool,
  days: number,
): Promise<number> {
  const sessions = sessionsBetween(school, addDays(school.today, -days), addDays(school.today, -1));
  const office = school.member('office');
  await db.query(
    `INSERT INTO mark_event (school_id, server_seq, event_id, pupil_id, session_date, session_part,
                             kind, code, actor_staff_id, actor_name, actor_role, status,
                             payload_version, received_at, recorded_at_device)
     SELECT $1, row_number() OVER (ORDER BY s.n, p.id), gen_random_uuid(), p.id, s.d, s.part,
            'mark',
            CASE WHEN (abs(hashtext(p.id::text || s.n::text)) % 17) = 0 THEN 'N'
                 WHEN s.part = 'AM' THEN '/' ELSE '\\' END,
            $4, $5, 'office', 'applied', 1, s.d::timestamptz, s.d::timestamptz
       FROM unnest($2::date[], $3::text[]) WITH ORDINALITY AS s(d, part, n)
       CROSS JOIN pupil p
      WHERE p.school_id = $1`,
    [school.id, sessions.map((s) => s.date), sessions.map((s) => s.part), office.id, office.name],
  );
  await db.query(
    `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code,
                                 head_event_id, head_seq, head_role)
     SELECT school_id, pupil_id, session_date, session_part, code, event_id, server_seq, actor_role
       FROM mark_event WHERE school_id = $1`,
    [school.id],
  );
  const { rows } = await db.query<{ n: number }>(
    `UPDATE sync_head SET seq = (SELECT max(server_seq) FROM mark_event WHERE school_id = $1)
      WHERE school_id = $1 RETURNING seq::int AS n`,
    [school.id],
  );
  return rows[0]?.n ?? 0;
}
