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
  isoWeekday,
  mondayOf,
  statisticsCohortBirthDates,
} from '../../domain/index';
import type {
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
import { codeSetOf, statsOfCodeRows } from './reportSql';

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

interface SessionCodeRow extends CodeCountRow {
  school_id: string;
  session_date: LocalDate;
  session_part: SessionPart;
  in_cohort: boolean;
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
 * `code_category` with one row per code and, for each code set, whether the code counts as a
 * possible session and whether it is an absence (authorised or unauthorised); NULL where the code
 * is not in that set, so such an entry counts as neither, as the inner join on (code, set) would.
 * Joined on the code alone, the planner estimates it right (about one row per entry) and counts
 * per pupil in a small hash table, rather than sorting millions of joined rows.
 */
const CATEGORY_BY_CODE = `(SELECT code,
      bool_or(possible) FILTER (WHERE code_set = '2024') AS possible_2024,
      bool_or(possible) FILTER (WHERE code_set = '2006') AS possible_2006,
      bool_or(category IN ('AUTH', 'UNAUTH')) FILTER (WHERE code_set = '2024') AS absence_2024,
      bool_or(category IN ('AUTH', 'UNAUTH')) FILTER (WHERE code_set = '2006') AS absence_2006
    FROM code_category GROUP BY code)`;

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

function weeksOf(rows: readonly SessionCodeRow[]): WeekStats[] {
  const running: AttendanceCounts[] = [];
  return groupBy(rows, (r) => mondayOf(r.session_date)).map(([weekStart, weekRows]) => {
    const stats = statsOfCodeRows(weekRows);
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
  const pupilClause =
    (pupilIds === null ? '' : 'AND e.pupil_id = ANY($6::uuid[])') +
    (within === null ? '' : ` AND ${entryInGroupClause(within, pupilIds === null ? 6 : 7)}`);
  const span = { from: minDate(range.from, trend.from), to: maxDate(range.to, trend.to) };
  // The cohort of the range's last day's academic year, as the absence list judges it.
  const { bornFrom, bornTo } = statisticsCohortBirthDates(range.to);
  const params = (from: LocalDate, to: LocalDate) => [
    schoolIds,
    from,
    to,
    bornFrom,
    bornTo,
    ...(pupilIds === null ? [] : [pupilIds]),
    ...(within === null ? [] : groupParams(within)),
  ];
  const inCohort = `(p.date_of_birth BETWEEN $4::date AND $5::date)`;

  // Two scans, sent together: on PostgreSQL they run on two connections at once. Sessions are
  // counted per code first and joined to their category after, so the join sees thousands of
  // groups rather than millions of entries.
  const bySessionQuery = db.query<SessionCodeRow>(
    `SELECT a.school_id, a.session_date, a.session_part, a.in_cohort, a.code, c.category, c.possible, a.sessions, a.minutes
       FROM (SELECT e.school_id, e.session_date, e.session_part, ${inCohort} AS in_cohort, e.code,
                    count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes
               FROM register_entry e JOIN pupil p ON p.id = e.pupil_id
              WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3 ${pupilClause}
              GROUP BY e.school_id, e.session_date, e.session_part, 4, e.code) a
       JOIN code_category c ON c.code = a.code
        AND c.code_set = ${codeSetOf('a.session_date', span.from, span.to)}`,
    params(span.from, span.to),
  );
  // Per pupil: by code where groups are tabled (one school), counts only for an organisation.
  // By code: counted per code and code set first, joined to the categories after, then summed
  // per category so each row is as the join-first query grouped it.
  const perPupilCodesQuery =
    input.scope.kind === 'organisation'
      ? Promise.resolve(null)
      : db.query<PupilCodeRow>(
          `SELECT a.school_id, a.pupil_id, a.in_cohort, a.code, c.category, c.possible,
                  sum(a.sessions) AS sessions, sum(a.minutes) AS minutes
             FROM (SELECT e.school_id, e.pupil_id, ${inCohort} AS in_cohort, e.code,
                          ${codeSetOf('e.session_date', range.from, range.to)} AS code_set,
                          count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes
                     FROM register_entry e JOIN pupil p ON p.id = e.pupil_id
                    WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3 ${pupilClause}
                    GROUP BY e.school_id, e.pupil_id, 3, e.code, 5) a
             JOIN code_category c ON c.code = a.code AND c.code_set = a.code_set
            GROUP BY a.school_id, a.pupil_id, a.in_cohort, a.code, c.category, c.possible`,
          params(range.from, range.to),
        );
  // Counts only: each entry looks up its code's flags for its code set (see CATEGORY_BY_CODE).
  const setIs2024 = `${codeSetOf('e.session_date', range.from, range.to)} = '2024'`;
  const perPupilCountsQuery =
    input.scope.kind !== 'organisation'
      ? Promise.resolve(null)
      : db.query<PupilCounts>(
          `SELECT e.school_id, e.pupil_id, ${inCohort} AS in_cohort,
                  count(*) FILTER (WHERE CASE WHEN ${setIs2024} THEN k.possible_2024 ELSE k.possible_2006 END) AS possible,
                  count(*) FILTER (WHERE CASE WHEN ${setIs2024} THEN k.absence_2024 ELSE k.absence_2006 END) AS overall_absence
             FROM register_entry e JOIN ${CATEGORY_BY_CODE} k ON k.code = e.code
             JOIN pupil p ON p.id = e.pupil_id
            WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3 ${pupilClause}
            GROUP BY e.school_id, e.pupil_id, 3`,
          params(range.from, range.to),
        );
  const [bySession, perPupilCodes, perPupilCounts] = await Promise.all([
    bySessionQuery,
    perPupilCodesQuery,
    perPupilCountsQuery,
  ]);
  const inRange = bySession.rows.filter(
    (r) => range.from <= r.session_date && r.session_date <= range.to,
  );
  const inTrend = bySession.rows.filter(
    (r) => trend.from <= r.session_date && r.session_date <= trend.to,
  );
  const perPupil: PupilCounts[] =
    perPupilCodes === null
      ? (perPupilCounts?.rows ?? [])
      : groupBy(perPupilCodes.rows, (r) => r.pupil_id).map(([, rows]) => {
          const stats = statsOfCodeRows(rows);
          return {
            school_id: rows[0]?.school_id ?? '',
            in_cohort: rows[0]?.in_cohort ?? false,
            possible: stats.possible,
            overall_absence: stats.overallAbsence,
          };
        });

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
    totals: statsOfCodeRows(inRange.filter((r) => r.in_cohort)),
    cohort: cohortOf(
      perPupil.filter((p) => p.in_cohort),
      schools,
    ),
    outsideAgeRange: {
      totals: statsOfCodeRows(inRange.filter((r) => !r.in_cohort)),
      cohort: cohortOf(
        perPupil.filter((p) => !p.in_cohort),
        schools,
      ),
    },
    bySessionPart: groupBy(inRange, (r) => r.session_part).map(([part, rows]) => ({
      part,
      stats: statsOfCodeRows(rows),
    })),
    byWeekday: groupBy(inRange, (r) => isoWeekday(r.session_date)).map(([weekday, rows]) => ({
      weekday,
      name: WEEKDAY_NAMES[weekday - 1] ?? String(weekday),
      stats: statsOfCodeRows(rows),
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
                stats: statsOfCodeRows(rows),
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
