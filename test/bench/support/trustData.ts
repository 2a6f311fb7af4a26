/**
 * Trust-scale data for the reports benchmark: an organisation of `schools` schools of
 * `pupils` pupils each, with one current entry for every pupil and open session of `years` school
 * years (about 388 sessions a year), the last being 2024–25. Loaded set-wise with INSERT … SELECT
 * over generate_series and unnest, one statement per school year for the whole trust, never row by
 * row, in date order (as registers write them: a day's sessions of every pupil, then the next
 * day's), so the table's pages hold what a real one would. Only the current entries
 * (`register_entry`, what reports read) are loaded, not the event log behind them.
 *
 * Earlier years use the 2024–25 calendar moved back 52 weeks a year (the same weekdays, each
 * year's autumn term starting in the first week of September); entries dated before 19 August
 * 2024 are read with the 2006 code set, as real ones would be.
 *
 * Pupils are born in the December of their year group's year, so reception is outside the
 * statistics' age range. The marks are drawn so the reports have something to find: every
 * tenth pupil is a frequent absentee (about 15% of sessions), the rest miss about 4%; absences
 * are a mix of illness, appointments, holidays, unexplained and late-after-close, and about 3%
 * of sessions are late before the close, with minutes.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { localDate, openSessionsBetween, parseSchoolConfig } from '../../../src/domain/index';
import type { SchoolConfig } from '../../../src/domain/index';
import type { Database } from '../../../src/server/db/database';
import { openPostgresDatabase } from '../../../src/server/db/postgresDatabase';
import { prepareDatabase } from '../../../src/server/prepareDatabase';

export interface TrustScale {
  readonly schools: number;
  readonly pupils: number;
  /** School years of entries retained, the last being 2024–25. */
  readonly years: number;
}

export interface TrustData {
  readonly db: Database;
  readonly organisationId: string;
  readonly schoolIds: readonly string[];
  readonly leadStaffId: string;
  /** A pupil of the first school, for the certificate. */
  readonly samplePupilId: string;
  /** Every entry loaded, all years. */
  readonly entries: number;
  /** Entries dated in the last school year (2024–25), what a one-year report reads. */
  readonly lastYearEntries: number;
  /** Open sessions of the last school year. */
  readonly sessionsPerPupil: number;
  /** How long the load took, or null when a kept database was reused. */
  readonly loadSeconds: number | null;
  /** Drops the database (unless kept) and closes the pool. */
  close(): Promise<void>;
}

const YEAR_GROUPS = ['R', '1', '2', '3', '4', '5', '6'] as const;
const GROUP_SIZE = 30;

const YEAR_2024_25 = {
  terms: [
    { name: 'Autumn 1', start: '2024-09-02', end: '2024-10-25' },
    { name: 'Autumn 2', start: '2024-11-04', end: '2024-12-20' },
    { name: 'Spring 1', start: '2025-01-06', end: '2025-02-14' },
    { name: 'Spring 2', start: '2025-02-24', end: '2025-04-04' },
    { name: 'Summer 1', start: '2025-04-22', end: '2025-05-23' },
    { name: 'Summer 2', start: '2025-06-02', end: '2025-07-23' },
  ],
  closures: [
    { name: 'INSET day', from: '2024-09-02' },
    { name: 'INSET day', from: '2025-01-06' },
  ],
  bankHolidays: [
    '2024-12-25',
    '2024-12-26',
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
  ],
};

/** `date` moved back `weeks` weeks (the same weekday). */
function weeksBefore(date: string, weeks: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 7 * weeks);
  return d.toISOString().slice(0, 10);
}

/**
 * A primary school's calendar for `years` school years to 2024–25: six half-terms, INSET days and
 * bank holidays a year; years before 2024–25 are its calendar moved back 52 weeks a year.
 */
export function benchSchoolConfig(id: string, name: string, years = 1): Record<string, unknown> {
  const back = Array.from({ length: years }, (_, i) => 52 * (years - 1 - i));
  return {
    id,
    name,
    timeZone: 'Europe/London',
    sessions: {
      AM: { start: '08:45', registerCloses: '09:15' },
      PM: { start: '13:00', registerCloses: '13:15' },
    },
    terms: back.flatMap((w) =>
      YEAR_2024_25.terms.map((t) => ({
        name: t.name,
        start: weeksBefore(t.start, w),
        end: weeksBefore(t.end, w),
      })),
    ),
    closures: back.flatMap((w) =>
      YEAR_2024_25.closures.map((c) => ({ name: c.name, from: weeksBefore(c.from, w) })),
    ),
    bankHolidays: back.flatMap((w) => YEAR_2024_25.bankHolidays.map((d) => weeksBefore(d, w))),
  };
}

/** The dates of the school year `y` years before 2024–25, as the load spans it. */
function schoolYearBack(y: number) {
  return {
    from: localDate(weeksBefore('2024-09-01', 52 * y)),
    to: localDate(weeksBefore('2025-07-31', 52 * y)),
  };
}

function parsed(raw: Record<string, unknown>): SchoolConfig {
  const result = parseSchoolConfig(raw);
  if (!result.ok) throw new Error(`bench school config: ${JSON.stringify(result.errors)}`);
  return result.value;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates the database `name` afresh on the server at `adminUrl` and loads the trust into it.
 * `log` is told about progress (the load takes minutes at full scale).
 */
export async function loadTrustData(options: {
  adminUrl: string;
  name: string;
  scale: TrustScale;
  keep?: boolean;
  /** Use the trust a kept run left in `name` when it is there at this scale (see reuseTrustData). */
  reuse?: boolean;
  log?: (line: string) => void;
}): Promise<TrustData> {
  const { adminUrl, name, scale } = options;
  const log = options.log ?? (() => undefined);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  if (options.reuse === true) {
    const reused = await reuseTrustData(adminUrl, name, scale, options.keep === true, log);
    if (reused !== null) return reused;
  }
  const started = performance.now();
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const db = openPostgresDatabase(withDatabase(adminUrl, name), { max: 4 });
  await prepareDatabase(db);
  // The bulk load runs on its own connection with foreign-key triggers off: the entries' head
  // events are not loaded (reports never read mark_event, and tens of millions of events would
  // double a load of many minutes on this machine), and nothing else writes meanwhile. The
  // entries' indexes are dropped and built again after the load, as the migrations define them.
  const loader = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
  await loader.connect();
  await loader.query("SET session_replication_role = 'replica'");
  await loader.query('SET synchronous_commit = off');
  await loader.query("SET maintenance_work_mem = '1GB'");
  await loader.query("SET work_mem = '1GB'");
  const indexes = await loader.query<{ name: string; def: string; constraint: boolean }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'register_entry'::regclass`,
  );
  for (const index of indexes.rows) {
    await loader.query(
      index.constraint
        ? `ALTER TABLE register_entry DROP CONSTRAINT ${index.name}`
        : `DROP INDEX ${index.name}`,
    );
  }

  const organisationId = randomUUID();
  await db.query('INSERT INTO organisation (id, name) VALUES ($1, $2)', [
    organisationId,
    'Bench Learning Trust',
  ]);
  const leadStaffId = randomUUID();
  await db.query(
    `INSERT INTO staff (id, organisation_id, email, name) VALUES ($1, $2, 'lead@trust.example', 'Trust Lead')`,
    [leadStaffId, organisationId],
  );

  const schoolIds: string[] = [];
  let config: SchoolConfig | null = null;
  const firstDay = weeksBefore('2024-09-01', 52 * (scale.years - 1));
  for (let s = 0; s < scale.schools; s += 1) {
    const schoolId = randomUUID();
    schoolIds.push(schoolId);
    const schoolName = `Bench Primary ${String(s + 1).padStart(2, '0')}`;
    const raw = benchSchoolConfig(schoolId, schoolName, scale.years);
    config = parsed(raw);
    await db.query(
      'INSERT INTO school (id, organisation_id, name, config) VALUES ($1, $2, $3, $4)',
      [schoolId, organisationId, schoolName, JSON.stringify(raw)],
    );
    await db.query('INSERT INTO sync_head (school_id) VALUES ($1)', [schoolId]);
    await db.query(
      `INSERT INTO staff_role (staff_id, school_id, role) VALUES ($1, $2, 'attendance_lead')`,
      [leadStaffId, schoolId],
    );
    const groups = Math.ceil(scale.pupils / GROUP_SIZE);
    await db.query(
      `INSERT INTO school_group (id, school_id, name, year_group)
       SELECT gen_random_uuid(), $1, 'Class ' || g, ($2::text[])[1 + (g % 7)]
         FROM generate_series(0, $3::int - 1) AS g`,
      [schoolId, YEAR_GROUPS, groups],
    );
    // Pupil n is in group n % groups; every fifth is FSM, every twentieth SEND. Each is on roll
    // for every year loaded (a trust's churn does not change how much a report reads).
    await db.query(
      `WITH g AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS k FROM school_group WHERE school_id = $1),
            p AS (SELECT gen_random_uuid() AS id, n FROM generate_series(0, $2::int - 1) AS n),
            ins AS (
              INSERT INTO pupil (id, school_id, legal_forename, legal_surname, date_of_birth, on_roll_from, fsm, send)
              SELECT p.id, $1, 'Pupil' || p.n, 'Surname' || lpad(p.n::text, 4, '0'), DATE '2017-01-01', $4::date,
                     p.n % 5 = 0, p.n % 20 = 0
                FROM p
              RETURNING id, legal_forename
            )
       INSERT INTO group_membership (pupil_id, group_id, from_date)
       SELECT ins.id, g.id, $4::date
         FROM ins JOIN g ON g.k = (substr(ins.legal_forename, 6)::int % $3::int)`,
      [schoolId, scale.pupils, groups, firstDay],
    );
    // Born in December of their year group's year: reception (aged 4 on 31 August 2024) is
    // outside the statistics' age range, as in a real primary school.
    await db.query(
      `UPDATE pupil p SET date_of_birth = make_date(2019 - CASE g.year_group WHEN 'R' THEN 0 ELSE g.year_group::int END, 12, 1)
         FROM group_membership m JOIN school_group g ON g.id = m.group_id
        WHERE m.pupil_id = p.id AND p.school_id = $1`,
      [schoolId],
    );
  }
  if (config === null) throw new Error('the bench trust needs at least one school');

  let entries = 0;
  let lastYearEntries = 0;
  let sessionsPerPupil = 0;
  for (let y = scale.years - 1; y >= 0; y -= 1) {
    const { from, to } = schoolYearBack(y);
    const sessions = openSessionsBetween(config, from, to);
    // Every school's entries of the year at once, in date order; head_seq counts on from the
    // entries already loaded (nothing reads it here; it stays unique within a school).
    const inserted = await loader.query(
      `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
          head_event_id, head_seq, head_role)
       SELECT q.school_id, q.id, q.d, q.part, q.code, q.minutes, gen_random_uuid(),
              $4::bigint + row_number() OVER (), 'teacher'
         FROM (
           SELECT p.school_id, p.id, p.n, s.d, s.part, m.code,
                  CASE WHEN m.code IN ('L', 'U') THEN m.minutes END AS minutes
             FROM (SELECT id, school_id, substr(legal_forename, 6)::int AS n FROM pupil
                    WHERE school_id = ANY($1::uuid[])) p
            CROSS JOIN unnest($2::date[], $3::text[]) AS s(d, part)
            CROSS JOIN LATERAL (
              SELECT r, CASE WHEN p.n % 10 = 0 THEN 0.15 ELSE 0.04 END AS away, (random() * 40)::int AS minutes
                -- Naming the session ties the draw to it: without it the planner draws once per
                -- pupil, and each pupil had one absence code all year.
                FROM (SELECT random() AS r, s.d AS day) x
            ) z
            CROSS JOIN LATERAL (
              SELECT CASE
                       WHEN z.r < z.away * 0.45 THEN 'I'
                       WHEN z.r < z.away * 0.55 THEN 'M'
                       WHEN z.r < z.away * 0.70 THEN 'O'
                       WHEN z.r < z.away * 0.80 THEN 'G'
                       WHEN z.r < z.away * 0.85 THEN 'N'
                       WHEN z.r < z.away * 0.92 THEN 'U'
                       WHEN z.r < z.away THEN 'C'
                       WHEN z.r < z.away + 0.03 THEN 'L'
                       WHEN s.part = 'AM' THEN '/'
                       ELSE '\\'
                     END AS code, z.minutes
            ) m
         ) q
        ORDER BY q.d, q.part, q.school_id, q.n`,
      [schoolIds, sessions.map((x) => x.date), sessions.map((x) => x.part), entries],
    );
    const rowCount = inserted.rowCount ?? 0;
    entries += rowCount;
    if (y === 0) {
      lastYearEntries = rowCount;
      sessionsPerPupil = sessions.length;
    }
    log(
      `school year ${from.slice(0, 4)}–${to.slice(2, 4)}: ${rowCount} entries (${Math.round((performance.now() - started) / 1000)} s)`,
    );
  }
  await db.query(
    `UPDATE sync_head h SET seq = m.seq
       FROM (SELECT school_id, max(head_seq) AS seq FROM register_entry GROUP BY school_id) m
      WHERE m.school_id = h.school_id`,
  );
  // Indexes are built once, after the load: one sort each instead of millions of insertions.
  for (const index of indexes.rows) {
    log(`building ${index.name}`);
    await loader.query(
      index.constraint
        ? `${index.def}; ALTER TABLE register_entry ADD CONSTRAINT ${index.name} PRIMARY KEY USING INDEX ${index.name}`
        : index.def,
    );
  }
  await loader.end();
  // What autovacuum would do within a minute of start-up and of the load.
  for (const table of [
    'register_entry',
    'pupil',
    'group_membership',
    'school_group',
    'code_category',
  ]) {
    await db.query(`VACUUM ANALYZE ${table}`);
  }
  const sample = await db.query<{ id: string }>(
    'SELECT id FROM pupil WHERE school_id = $1 LIMIT 1',
    [schoolIds[0]],
  );
  const loadSeconds = (performance.now() - started) / 1000;
  log(`loaded ${entries} entries in ${Math.round(loadSeconds)} s`);
  return {
    db,
    organisationId,
    schoolIds,
    leadStaffId,
    samplePupilId: sample.rows[0]?.id ?? '',
    entries,
    lastYearEntries,
    sessionsPerPupil,
    loadSeconds,
    async close() {
      await db.close();
      if (options.keep !== true) {
        await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}

/**
 * The trust a run with `keep` left in the database `name`, when it holds this scale (as many
 * schools, pupils and years of entries; the load is the same SQL, so the same shape), or null to
 * load afresh. Its facts are read back from the data: the load of many minutes is skipped, so
 * a report's query can be changed and measured again on the same rows.
 */
async function reuseTrustData(
  adminUrl: string,
  name: string,
  scale: TrustScale,
  keep: boolean,
  log: (line: string) => void,
): Promise<TrustData | null> {
  const exists = await admin(adminUrl, (c) =>
    c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  if (exists.rowCount === 0) return null;
  const db = openPostgresDatabase(withDatabase(adminUrl, name), { max: 4 });
  const give = async (why: string) => {
    log(`not reusing ${name}: ${why}; loading afresh`);
    await db.close();
    return null;
  };
  const schools = await db
    .query<{ id: string; organisation_id: string; config: Record<string, unknown> }>(
      `SELECT id, organisation_id, config FROM school ORDER BY name`,
    )
    .catch(() => null);
  if (schools === null || schools.rows.length !== scale.schools)
    return give(`it has not ${scale.schools} schools`);
  const schoolIds = schools.rows.map((r) => r.id);
  const pupils = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1',
    [schoolIds[0]],
  );
  if (pupils.rows[0]?.n !== scale.pupils)
    return give(`its schools have not ${scale.pupils} pupils`);
  const first = schoolYearBack(scale.years - 1);
  const last = schoolYearBack(0);
  const counts = await db.query<{ entries: number; last_year: number; earliest: string }>(
    `SELECT count(*)::int AS entries,
            count(*) FILTER (WHERE session_date BETWEEN $1 AND $2)::int AS last_year,
            min(session_date)::text AS earliest
       FROM register_entry`,
    [last.from, last.to],
  );
  const facts = counts.rows[0];
  if (facts === undefined || facts.earliest < first.from || facts.earliest > first.to)
    return give(`its entries do not start in the school year of ${first.from}`);
  const lead = await db.query<{ staff_id: string }>(
    `SELECT staff_id FROM staff_role WHERE school_id = $1 AND role = 'attendance_lead' LIMIT 1`,
    [schoolIds[0]],
  );
  const sample = await db.query<{ id: string }>(
    'SELECT id FROM pupil WHERE school_id = $1 LIMIT 1',
    [schoolIds[0]],
  );
  const config = parsed(schools.rows[0]?.config ?? {});
  log(`reusing ${name}: ${facts.entries} entries`);
  return {
    db,
    organisationId: schools.rows[0]?.organisation_id ?? '',
    schoolIds,
    leadStaffId: lead.rows[0]?.staff_id ?? '',
    samplePupilId: sample.rows[0]?.id ?? '',
    entries: facts.entries,
    lastYearEntries: facts.last_year,
    sessionsPerPupil: openSessionsBetween(config, last.from, last.to).length,
    loadSeconds: null,
    async close() {
      await db.close();
      if (!keep)
        await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
