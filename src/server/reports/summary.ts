/**
 * Summaries for a group, a year group, a school or an organisation: totals, by session
 * part, by weekday, by week, the school year's trend, and the persistent and severe counts. SQL
 * counts sessions per day, part and code; the domain sums them into statistics.
 *
 * The headline figures (`totals`, `cohort`, each school's row) cover the DfE statistics' age
 * range, judged as the absence list judges it: aged 5 to 15 on the 31 August before the academic
 * year of the range's last day. Pupils outside it have their own figures in `outsideAgeRange`.
 * The breakdowns (session part, weekday, week, trend, group) cover every pupil in scope. SQL
 * marks each count with `in_cohort`, a comparison of the date of birth with the cohort's
 * boundary dates (`statisticsCohortBirthDates`).
 */
import {
  absenceStatus,
  aggregateStats,
  CODES_2006,
  CODES_2024,
  CODES_2024_FROM,
  isoWeekday,
  mondayOf,
  statisticsCohortBirthDates,
} from '../../domain/index';
import type {
  AttendanceCode,
  AttendanceCounts,
  CharacteristicGroup,
  LocalDate,
  SessionPart,
  YearGroup,
} from '../../domain/index';
import type { SummaryResponse, SummaryScope, WeekStats } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import { entryInGroupClause, groupOnWire, groupParams } from './characteristicSql';
import type { ReportSchool } from './certificate';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import type { CodeCountRow } from './reportSql';
import { codeSetOf, countsOfCodeRow, rangesByCodeSet, statsOfCodeRows } from './reportSql';

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export interface SummaryInput {
  readonly scope: { kind: SummaryScope; id: string; name: string };
  readonly schools: readonly ReportSchool[];
  /** The pupils in scope (group and year scopes, or a teacher's), or null for whole schools. */
  readonly pupils: readonly PupilInfo[] | null;
  /** Every pupil of the school, for the by-group table (school and year scopes). */
  readonly groupOf: ReadonlyMap<string, Pick<PupilInfo, 'groupId' | 'groupName' | 'yearGroup'>>;
  readonly range: ReportRange;
  readonly trend: { from: LocalDate; to: LocalDate };
  /** Only the days each pupil was in this group (docs/design.md §5), or null for every day. */
  readonly within?: CharacteristicGroup | null;
}

/** A session's counts of one code for pupils in (or outside) the cohort, counted once. */
interface SessionCounts {
  readonly school_id: string;
  readonly session_date: LocalDate;
  readonly session_part: SessionPart;
  readonly in_cohort: boolean;
  readonly week: LocalDate;
  readonly weekday: number;
  readonly counts: AttendanceCounts;
}

/** Statistics of session counts: each breakdown sums the counts made once per row. */
const sessionStats = (rows: readonly SessionCounts[]) => aggregateStats(rows.map((r) => r.counts));

/** A session's counts by code, with those of its entries of pupils in the cohort. */
interface SessionCountRow extends CodeCountRow {
  school_id: string;
  session_date: LocalDate;
  session_part: SessionPart;
  cohort_sessions: number;
  cohort_minutes: number;
}

interface PupilCodeRow extends CodeCountRow {
  school_id: string;
  pupil_id: string;
  in_cohort: boolean;
}

interface PupilCounts {
  school_id: string;
  in_cohort: boolean;
  possible: number;
  overall_absence: number;
}

/**
 * A row of an organisation's one-pass scan of a school (GROUPING SETS): a session's count of one
 * code for pupils in or outside the cohort (`by_session`, joined to the code's category), or one
 * pupil's possible sessions and absences over the range.
 */
interface SchoolPassRow {
  by_session: boolean;
  session_date: LocalDate | null;
  session_part: SessionPart | null;
  code: string | null;
  category: string | null;
  code_possible: boolean | null;
  in_cohort: boolean | null;
  pupil_id: string | null;
  sessions: number;
  minutes: number;
  possible: number;
  overall_absence: number;
}

/**
 * The schools of an organisation scanned at once: each school's pass is one statement, so three
 * run side by side on three connections, as many processes as one scan with PostgreSQL's two
 * parallel workers had (one statement per school cannot use them: grouping sets are counted by
 * one process), leaving most of the pool to pushes.
 */
const ORGANISATION_CONNECTIONS = 3;

/** `fn` of every item, at most `limit` at a time, results in the items' order. */
async function mapAtMost<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The codes of each code set that count as a possible session and as an absence (authorised or
 * unauthorised), from the domain's code table (the one `code_category` is written from). The
 * per-pupil counts of an organisation test each entry's code against these, sent as constant
 * arrays that PostgreSQL hashes, rather than joining millions of entries to a category table.
 */
const codesWhere = (pick: (c: AttendanceCode) => boolean) => ({
  '2024': CODES_2024.filter(pick).map((c) => c.code),
  '2006': CODES_2006.filter(pick).map((c) => c.code),
});
const POSSIBLE_CODES = codesWhere((c) => c.possible);
const ABSENCE_CODES = codesWhere((c) => c.category === 'AUTH' || c.category === 'UNAUTH');

const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);

/** Groups `rows` by `keyOf`, in key order. */
function groupBy<T, K extends string | number>(
  rows: Iterable<T>,
  keyOf: (row: T) => K,
): [K, T[]][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [row]);
    else list.push(row);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function weeksOf(rows: readonly SessionCounts[]): WeekStats[] {
  const running: AttendanceCounts[] = [];
  return groupBy(rows, (r) => r.week).map(([weekStart, weekRows]) => {
    const stats = sessionStats(weekRows);
    running.push(stats);
    return {
      weekStart,
      stats,
      cumulativeAttendancePercent: aggregateStats(running).attendancePercent,
    };
  });
}

export function cohortOf(
  perPupil: Iterable<{ school_id: string; possible: number; overall_absence: number }>,
  schools: readonly ReportSchool[],
) {
  const thresholdsOf = new Map(schools.map((s) => [s.id, s.config.thresholds]));
  let pupils = 0;
  let persistent = 0;
  let severe = 0;
  for (const p of perPupil) {
    const thresholds = thresholdsOf.get(p.school_id);
    if (thresholds === undefined || Number(p.possible) === 0) continue;
    pupils += 1;
    const status = absenceStatus(
      { possible: Number(p.possible), overallAbsence: Number(p.overall_absence) },
      thresholds,
    );
    if (status.persistent) persistent += 1;
    if (status.severe) severe += 1;
  }
  const rate = (n: number) => (pupils === 0 ? null : (100 * n) / pupils);
  return {
    pupils,
    persistent,
    severe,
    persistentPercent: rate(persistent),
    severePercent: rate(severe),
  };
}

export async function buildSummary(db: Queryable, input: SummaryInput): Promise<SummaryResponse> {
  const { range, trend, schools } = input;
  const schoolIds = schools.map((s) => s.id);
  const pupilIds = input.pupils?.map((p) => p.id) ?? null;
  const within = input.within ?? null;
  // Every query's parameters: $1 schools, $2–$3 dates, $4 the pupils (NULL for whole schools),
  // then the query's own (`more`), then the group's key and value when narrowed to one group.
  const pupilClause = (more: number) =>
    (pupilIds === null ? 'AND $4::uuid[] IS NULL' : 'AND e.pupil_id = ANY($4::uuid[])') +
    (within === null ? '' : ` AND ${entryInGroupClause(within, 5 + more)}`);
  const span = { from: minDate(range.from, trend.from), to: maxDate(range.to, trend.to) };
  // The cohort of the range's last day's academic year, as the absence list judges it.
  const { bornFrom, bornTo } = statisticsCohortBirthDates(range.to);
  const params = (from: LocalDate, to: LocalDate, ...more: unknown[]) => [
    schoolIds,
    from,
    to,
    pupilIds,
    ...more,
    ...(within === null ? [] : groupParams(within)),
  ];
  const inCohort = `(p.date_of_birth BETWEEN $5::date AND $6::date)`;
  // Every scan reads the entries alone (an index-only scan of the range, register_entry_date_idx)
  // and groups them; pupils and categories are joined to the groups after, never to each entry.
  // Every read of a school's table names the schools, so each query stays keyed by school.
  // The pupils outside the statistics' cohort are few (nursery and reception, over-15s), so the
  // session counts test each entry against their ids (a hashed constant array).
  const outside = await db.query<{ id: string; school_id: string }>(
    `SELECT p.id, p.school_id FROM pupil p
      WHERE p.school_id = ANY($1::uuid[]) AND NOT (p.date_of_birth BETWEEN $2::date AND $3::date)`,
    [schoolIds, bornFrom, bornTo],
  );
  // Each session's counts of one code, for pupils in the cohort or outside it. Each row's counts,
  // week and weekday are worked out once here, not again for every breakdown.
  const dayOf = new Map<LocalDate, { week: LocalDate; weekday: number }>();
  const sessionCounts = (
    school_id: string,
    session_date: LocalDate,
    session_part: SessionPart,
    in_cohort: boolean,
    row: CodeCountRow,
  ): SessionCounts => {
    let day = dayOf.get(session_date);
    if (day === undefined) {
      day = { week: mondayOf(session_date), weekday: isoWeekday(session_date) };
      dayOf.set(session_date, day);
    }
    return {
      school_id,
      session_date,
      session_part,
      in_cohort,
      ...day,
      counts: countsOfCodeRow(row),
    };
  };

  const {
    sessions: bySession,
    perPupil,
    perPupilCodes,
  } = input.scope.kind === 'organisation' ? await organisationPasses() : await schoolScans();

  /**
   * A school, a year group, a group or a teacher's pupils: two scans, sent together (on
   * PostgreSQL they run on two connections at once), by session and per pupil by code.
   */
  async function schoolScans() {
    // Sessions are counted per code first and joined to their category after, so the join sees
    // thousands of groups rather than millions of entries; each group also counts its entries of
    // pupils in the cohort, which splits it in two below. The code leads the GROUP BY so that
    // PostgreSQL 15 counts in a hash table rather than sorting each session's entries by code (an
    // incremental sort on the index's order, measured 1.4× slower).
    const bySessionQuery = db.query<SessionCountRow>(
      `SELECT a.school_id, a.session_date, a.session_part, a.code, c.category, c.possible,
              a.sessions, a.minutes, a.cohort_sessions, a.cohort_minutes
         FROM (SELECT e.school_id, e.session_date, e.session_part, e.code,
                      count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes,
                      count(*) FILTER (WHERE e.pupil_id <> ALL($5::uuid[])) AS cohort_sessions,
                      coalesce(sum(e.minutes_late) FILTER (WHERE e.pupil_id <> ALL($5::uuid[])), 0) AS cohort_minutes
                 FROM register_entry e
                WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3 ${pupilClause(1)}
                GROUP BY e.code, e.school_id, e.session_date, e.session_part) a
         JOIN code_category c ON c.code = a.code
          AND c.code_set = ${codeSetOf('a.session_date', span.from, span.to)}`,
      params(
        span.from,
        span.to,
        outside.rows.map((r) => r.id),
      ),
    );
    // Per pupil by code: counted per code and code set first, joined to the categories after,
    // then summed per category so each row is as the join-first query grouped it.
    const perPupilCodesQuery = db.query<PupilCodeRow>(
      `SELECT a.school_id, a.pupil_id, ${inCohort} AS in_cohort, a.code, c.category, c.possible,
              sum(a.sessions) AS sessions, sum(a.minutes) AS minutes
         FROM (SELECT e.school_id, e.pupil_id, e.code,
                      ${codeSetOf('e.session_date', range.from, range.to)} AS code_set,
                      count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes
                 FROM register_entry e
                WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3 ${pupilClause(2)}
                GROUP BY e.school_id, e.pupil_id, e.code, 4) a
         JOIN code_category c ON c.code = a.code AND c.code_set = a.code_set
         JOIN pupil p ON p.id = a.pupil_id AND p.school_id = ANY($1::uuid[])
        GROUP BY a.school_id, a.pupil_id, 3, a.code, c.category, c.possible`,
      params(range.from, range.to, bornFrom, bornTo),
    );
    const [bySessionCounts, perPupilCodes] = await Promise.all([
      bySessionQuery,
      perPupilCodesQuery,
    ]);
    // Each session's counts as two rows: its entries of pupils in the cohort, and the rest.
    const sessions = bySessionCounts.rows.flatMap((r): SessionCounts[] => {
      const { cohort_sessions, cohort_minutes, ...row } = r;
      const split = (in_cohort: boolean, sessions: number, minutes: number): SessionCounts[] =>
        sessions === 0
          ? []
          : [
              sessionCounts(r.school_id, r.session_date, r.session_part, in_cohort, {
                ...row,
                sessions,
                minutes,
              }),
            ];
      const inside = Number(cohort_sessions);
      const insideMinutes = Number(cohort_minutes);
      return [
        ...split(true, inside, insideMinutes),
        ...split(false, Number(r.sessions) - inside, Number(r.minutes) - insideMinutes),
      ];
    });
    const perPupil = groupBy(perPupilCodes.rows, (r) => r.pupil_id).map(([, rows]): PupilCounts => {
      const stats = statsOfCodeRows(rows);
      return {
        school_id: rows[0]?.school_id ?? '',
        in_cohort: rows[0]?.in_cohort ?? false,
        possible: stats.possible,
        overall_absence: stats.overallAbsence,
      };
    });
    return { sessions, perPupil, perPupilCodes };
  }

  /**
   * An organisation: each school's entries read once, in one statement per school and code set
   * ({@link ORGANISATION_CONNECTIONS} at a time), counted two ways in one pass (GROUPING SETS,
   * two hash tables filled from the same scan): by session, code and cohort, and per pupil
   * (possible sessions and absences, each entry's code looked up in its code set's array, see
   * POSSIBLE_CODES; with one code set per statement that is one constant array, not a choice
   * made for every entry: 10 % less database CPU). One school at a time keeps each hash table
   * small; pupils' counts need no code rows, and whether a pupil is in the cohort comes from the
   * list of those outside it. A pupil's counts from the two parts of a span that crosses the day
   * the 2024 code set begins are summed here.
   */
  async function organisationPasses() {
    const outsideOf = new Map<string, string[]>();
    for (const r of outside.rows)
      outsideOf.set(r.school_id, [...(outsideOf.get(r.school_id) ?? []), r.id]);
    // Each school's span is read in parts of one code set each (one part unless the span crosses
    // the day the 2024 set begins), so an entry's code is tested against one constant array.
    const parts = rangesByCodeSet(span.from, span.to);
    const pass = async ({ schoolId, part }: { schoolId: string; part: typeof span }) => {
      const args: unknown[] = [
        [schoolId],
        part.from,
        part.to,
        pupilIds,
        outsideOf.get(schoolId) ?? [],
      ];
      const arg = (value: unknown) => `$${args.push(value)}`;
      // Pupils' counts cover the range; the sessions' also the trend's weeks around it.
      const inRange =
        range.from <= part.from && part.to <= range.to
          ? ''
          : `e.session_date BETWEEN ${arg(range.from)}::date AND ${arg(range.to)}::date AND `;
      const codeSet = part.from >= CODES_2024_FROM ? '2024' : '2006';
      const possible = `e.code = ANY(${arg(POSSIBLE_CODES[codeSet])}::text[])`;
      const absence = `e.code = ANY(${arg(ABSENCE_CODES[codeSet])}::text[])`;
      const narrowed = within === null ? '' : ` AND ${entryInGroupClause(within, args.length + 1)}`;
      if (within !== null) args.push(...groupParams(within));
      const { rows } = await db.query<SchoolPassRow>(
        `SELECT a.by_session, a.session_date, a.session_part, a.code, c.category,
                c.possible AS code_possible, a.in_cohort, a.pupil_id, a.sessions, a.minutes,
                a.possible, a.overall_absence
           FROM (SELECT GROUPING(e.pupil_id) = 1 AS by_session,
                        e.session_date, e.session_part, e.code,
                        (e.pupil_id <> ALL($5::uuid[])) AS in_cohort, e.pupil_id,
                        count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes,
                        count(*) FILTER (WHERE ${inRange}${possible}) AS possible,
                        count(*) FILTER (WHERE ${inRange}${absence}) AS overall_absence
                   FROM register_entry e
                  WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3
                    AND $4::uuid[] IS NULL${narrowed}
                  GROUP BY GROUPING SETS (
                    (e.code, e.session_date, e.session_part, (e.pupil_id <> ALL($5::uuid[]))),
                    (e.pupil_id))) a
           LEFT JOIN code_category c ON a.by_session AND c.code = a.code
            AND c.code_set = '${codeSet}'`,
        args,
      );
      return { schoolId, rows };
    };
    const passes = await mapAtMost(
      schoolIds.flatMap((schoolId) => parts.map((part) => ({ schoolId, part }))),
      ORGANISATION_CONNECTIONS,
      pass,
    );
    const sessions: SessionCounts[] = [];
    // A pupil's counts from each part of the span, summed.
    const pupilsOf = new Map<string, Map<string, PupilCounts>>();
    for (const { schoolId, rows } of passes) {
      const outsiders = new Set(outsideOf.get(schoolId));
      let pupils = pupilsOf.get(schoolId);
      if (pupils === undefined) pupilsOf.set(schoolId, (pupils = new Map()));
      for (const r of rows) {
        if (!r.by_session) {
          const pupilId = r.pupil_id ?? '';
          const before = pupils.get(pupilId);
          pupils.set(pupilId, {
            school_id: schoolId,
            in_cohort: !outsiders.has(pupilId),
            possible: (before?.possible ?? 0) + Number(r.possible),
            overall_absence: (before?.overall_absence ?? 0) + Number(r.overall_absence),
          });
        } else if (r.category !== null) {
          // A code with no category (none the domain knows) is left out, as the join leaves it.
          sessions.push(
            sessionCounts(
              schoolId,
              r.session_date as LocalDate,
              r.session_part as SessionPart,
              r.in_cohort === true,
              {
                code: r.code ?? '',
                category: r.category,
                possible: r.code_possible === true,
                sessions: r.sessions,
                minutes: r.minutes,
              },
            ),
          );
        }
      }
    }
    const perPupil = [...pupilsOf.values()].flatMap((pupils) => [...pupils.values()]);
    return { sessions, perPupil, perPupilCodes: null };
  }

  const inRange = bySession.filter(
    (r) => range.from <= r.session_date && r.session_date <= range.to,
  );
  const inTrend = bySession.filter(
    (r) => trend.from <= r.session_date && r.session_date <= trend.to,
  );
  const targets = [...new Set(schools.map((s) => s.config.thresholds.attendanceTargetPercent))];
  const byGroup =
    perPupilCodes === null || input.scope.kind === 'group'
      ? []
      : groupBy(
          perPupilCodes.rows.filter((r) => input.groupOf.get(r.pupil_id)?.groupId != null),
          (r) => input.groupOf.get(r.pupil_id)?.groupId ?? '',
        )
          .map(([groupId, rows]) => {
            const group = input.groupOf.get(rows[0]?.pupil_id ?? '');
            return {
              groupId,
              groupName: group?.groupName ?? '',
              yearGroup: (group?.yearGroup ?? 'R') as YearGroup,
              stats: statsOfCodeRows(rows),
            };
          })
          .sort((a, b) => a.groupName.localeCompare(b.groupName, 'en-GB'));

  return {
    scope: input.scope,
    range,
    targetPercent: targets.length === 1 ? (targets[0] ?? null) : null,
    totals: sessionStats(inRange.filter((r) => r.in_cohort)),
    cohort: cohortOf(
      perPupil.filter((p) => p.in_cohort),
      schools,
    ),
    outsideAgeRange: {
      totals: sessionStats(inRange.filter((r) => !r.in_cohort)),
      cohort: cohortOf(
        perPupil.filter((p) => !p.in_cohort),
        schools,
      ),
    },
    bySessionPart: groupBy(inRange, (r) => r.session_part).map(([part, rows]) => ({
      part,
      stats: sessionStats(rows),
    })),
    byWeekday: groupBy(inRange, (r) => r.weekday).map(([weekday, rows]) => ({
      weekday,
      name: WEEKDAY_NAMES[weekday - 1] ?? String(weekday),
      stats: sessionStats(rows),
    })),
    byWeek: weeksOf(inRange),
    trend: { from: trend.from, to: trend.to, weeks: weeksOf(inTrend) },
    bySchool:
      input.scope.kind !== 'organisation'
        ? []
        : schools
            .map((school) => {
              const rows = inRange.filter((r) => r.school_id === school.id && r.in_cohort);
              return {
                school: { id: school.id, name: school.name },
                targetPercent: school.config.thresholds.attendanceTargetPercent,
                stats: sessionStats(rows),
                cohort: cohortOf(
                  perPupil.filter((p) => p.school_id === school.id && p.in_cohort),
                  [school],
                ),
              };
            })
            .sort((a, b) => a.school.name.localeCompare(b.school.name, 'en-GB')),
    byGroup,
    smallGroupMinimum: schools[0]?.config.thresholds.smallGroupMinimum ?? 1,
    characteristic: groupOnWire(within),
    // Filled by reportService when the summary is split (characteristicSplit.ts).
    split: null,
  };
}
