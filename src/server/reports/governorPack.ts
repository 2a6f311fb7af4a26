/**
 * The governors' termly pack (docs/governors.md): for one school and one of its terms, the
 * figures (attendance, persistent and severe absence, possible sessions beside every rate), the
 * trends (week by week against the target, and term on term), the groups, the DfE's benchmarks
 * and the targets. Built from sections; nothing in it names a pupil.
 *
 * Two sections read figures other reports compute: `groupFigures` (the school's summary for every
 * pupil or one characteristic group, `groupSummary.ts`) and `packBenchmarks` (the DfE comparison,
 * `benchmarkComparison.ts`).
 */
import {
  attendanceAgainst,
  localDate,
  mondayOf,
  persistenceAgainst,
  statisticsCohortBirthDates,
  toSchoolWallClock,
  trackTargetWeeks,
  type CharacteristicGroup,
  type CharacteristicKey,
  type LocalDate,
  type TargetGroup,
  characteristicGroupLabel,
} from '../../domain/index';
import type {
  GovernorPackQuery,
  GovernorPackResponse,
  PackBenchmark,
  TargetRecord,
} from '../../shared/api/governorSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { ReportSchool } from './certificate';
import type { ReportRange } from './reportRange';
import { schoolYearOf } from './reportRange';
import { entryInGroupClause, groupParams } from './characteristicSql';
import { COUNT_COLUMNS, countsOfRow, entryWithCategory, type CountColumns } from './reportSql';
import { loadReportSchool } from './reportService';
import { benchmarkReport } from './benchmarkComparison';
import { isSmallGroup, schoolSummaryOf } from './groupSummary';
import { listTargets, schoolYearLabel, schoolYearStartOf } from './targetStore';

type Figures = GovernorPackResponse['figures'];

/**
 * The school's figures over `range` for pupils aged 5 to 15 (the DfE statistics' age range):
 * every pupil (`group` null) or the days its pupils were in one characteristic group.
 */
export async function groupFigures(
  db: Queryable,
  school: ReportSchool,
  range: ReportRange,
  group: CharacteristicGroup | null,
): Promise<Figures> {
  const summary = await schoolSummaryOf(db, school, range, group);
  return { stats: summary.totals, cohort: summary.cohort };
}

/**
 * The DfE's published figures (national, regional, local authority) beside the school's over
 * `range`, with the gap in days per pupil: the DfE comparison report's rows, as the pack words them.
 */
export async function packBenchmarks(
  db: Queryable,
  school: ReportSchool,
  range: ReportRange,
  today: LocalDate,
): Promise<{ rows: PackBenchmark[]; notes: string[] }> {
  const report = await benchmarkReport(
    db,
    { school, today },
    { period: 'custom', from: range.from, to: range.to, asOf: range.asOf },
  );
  return {
    rows: report.rows.map((row) => ({
      label: row.label,
      benchmarks: row.benchmarks.map((b) => ({
        areaName: b.areaName,
        period: b.period.label,
        overallAbsencePercent: b.overallAbsencePercent,
        persistentPercent: b.persistentPercent,
        gapDaysPerPupil: b.gapDaysPerPupil,
        source: `${b.source.publication}, ${b.source.fileName}`,
      })),
    })),
    notes: report.notes,
  };
}

/** The groups the pack splits by, as the DfE's statistics publish them. */
const PACK_GROUPS: readonly CharacteristicGroup[] = [
  { key: 'sex', value: 'female' },
  { key: 'sex', value: 'male' },
  { key: 'fsm', value: 'yes' },
  { key: 'fsm', value: 'no' },
  { key: 'sen', value: 'none' },
  { key: 'sen', value: 'senSupport' },
  { key: 'sen', value: 'ehcPlan' },
  { key: 'firstLanguage', value: 'english' },
  { key: 'firstLanguage', value: 'other' },
];

interface Term {
  readonly name: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

const earlier = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);

function rangeOf(term: Term, today: LocalDate): ReportRange {
  return {
    period: 'term',
    from: term.from,
    to: earlier(term.to, today),
    asOf: today,
    label: term.name,
  };
}

function chooseTerm(terms: readonly Term[], today: LocalDate, start: LocalDate | undefined): Term {
  if (terms.length === 0) {
    throw new ApiError('not_found', {
      message:
        'The school’s term dates are not set, so there is no term to report on. An administrator enters them in Settings.',
    });
  }
  if (start !== undefined) {
    const term = terms.find((t) => t.from === start);
    if (term === undefined) {
      throw new ApiError('invalid_request', {
        message: `No term of this school starts on ${start}. Choose one of the school’s terms.`,
      });
    }
    if (term.from > today) {
      throw new ApiError('invalid_request', {
        message: `${term.name} has not started yet, so it has no figures. Choose a term that has started.`,
      });
    }
    return term;
  }
  const started = terms.filter((t) => t.from <= today);
  const current = started.find((t) => t.to >= today) ?? started[started.length - 1];
  if (current === undefined) {
    throw new ApiError('not_found', {
      message: 'None of the school’s terms has started yet, so there is nothing to report.',
    });
  }
  return current;
}

/**
 * Each pupil's counts per school week, pupils aged 5 to 15 only, from `from` to `to`: every
 * pupil (`group` null) or only the days each pupil was in `group` (docs/design.md §5).
 */
async function pupilWeekCounts(
  db: Queryable,
  schoolId: string,
  from: LocalDate,
  to: LocalDate,
  group: CharacteristicGroup | null,
) {
  const born = statisticsCohortBirthDates(to);
  const { rows } = await db.query<CountColumns & { pupil_id: string; session_date: string }>(
    `SELECT e.pupil_id, min(e.session_date)::text AS session_date, ${COUNT_COLUMNS}
       FROM ${entryWithCategory(from, to)}
       JOIN pupil p ON p.id = e.pupil_id
      WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
        AND p.date_of_birth BETWEEN $4::date AND $5::date
        ${group === null ? '' : `AND ${entryInGroupClause(group, 6)}`}
      GROUP BY e.pupil_id, date_trunc('week', e.session_date)`,
    [schoolId, from, to, born.bornFrom, born.bornTo, ...(group === null ? [] : groupParams(group))],
  );
  return rows.map((r) => ({
    pupilId: r.pupil_id,
    weekStart: mondayOf(localDate(r.session_date)),
    counts: countsOfRow(r),
  }));
}

const sameGroup = (a: TargetGroup, b: TargetGroup): boolean =>
  a === null || b === null ? a === b : a.key === b.key && a.value === b.value;

function groupOfRecord(t: TargetRecord): TargetGroup {
  return t.group === null
    ? null
    : ({ key: t.group.key, value: t.group.value } as CharacteristicGroup);
}

/** The pack for `schoolId` and the term starting `query.term` (default: the current term). */
export async function governorPack(
  db: Queryable,
  schoolId: string,
  now: Date,
  query: GovernorPackQuery,
): Promise<GovernorPackResponse> {
  const school = await loadReportSchool(db, schoolId, now);
  const { config } = school;
  const today = toSchoolWallClock(now, config.timeZone).date;
  const terms: Term[] = [...config.terms]
    .map((t) => ({ name: t.name, from: t.start, to: t.end }))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  const term = chooseTerm(
    terms,
    today,
    query.term === undefined ? undefined : localDate(query.term),
  );
  const range = rangeOf(term, today);

  // Figures.
  const whole = await groupFigures(db, school, range, null);

  // Targets for the term's school year.
  const yearStart = schoolYearStartOf(term.from);
  const inForce = (await listTargets(db, schoolId, yearStart)).filter((t) => t.inForce);
  const schoolTarget = inForce.find((t) => t.group === null) ?? null;

  // Trends: week by week (persistent absence so far this school year), and term on term.
  const year = schoolYearOf(term.from);
  const weeks = trackTargetWeeks({
    school: config,
    thresholds: config.thresholds,
    from: range.from,
    to: range.to,
    counts: await pupilWeekCounts(db, schoolId, year.from, range.to, null),
    target: schoolTarget,
  });
  const yearBefore = terms.find(
    (t) => t.name === term.name && schoolYearStartOf(t.from) === yearStart - 1,
  );
  const trendTerms = [
    ...(yearBefore === undefined ? [] : [yearBefore]),
    ...terms.filter((t) => t.from >= year.from && t.from <= term.from),
  ];
  const termFigures = [];
  for (const t of trendTerms) {
    const figures = t === term ? whole : await groupFigures(db, school, rangeOf(t, today), null);
    termFigures.push({ ...t, to: earlier(t.to, today), figures });
  }

  // Groups: the DfE's headline groups, and every group with a target.
  const groupList = [...PACK_GROUPS];
  for (const t of inForce) {
    const group = groupOfRecord(t);
    if (group !== null && !groupList.some((g) => sameGroup(g, group))) groupList.push(group);
  }
  const groupRows: GovernorPackResponse['groups']['rows'] = [];
  const figuresOf = new Map<string, Figures | null>();
  for (const group of groupList) {
    const figures = await groupFigures(db, school, range, group);
    const suppressed = isSmallGroup(school, figures.cohort.pupils);
    figuresOf.set(`${group.key}:${group.value}`, suppressed ? null : figures);
    groupRows.push({
      group: { ...group, label: characteristicGroupLabel(group) },
      figures: suppressed ? null : figures,
      suppressed,
    });
  }
  const keys = [...new Set(groupList.map((g) => g.key))] as CharacteristicKey[];

  // Targets in force: the term's figures for each target's pupils against it, and week by week
  // (a group's counting each pupil only on the days they were in it). A group too small to show
  // has neither.
  const sorted = inForce.sort((a, b) =>
    a.group === null ? -1 : b.group === null ? 1 : a.groupLabel.localeCompare(b.groupLabel),
  );
  const packTargets: GovernorPackResponse['targets']['inForce'] = [];
  for (const target of sorted) {
    const group = groupOfRecord(target);
    const figures = group === null ? whole : (figuresOf.get(`${group.key}:${group.value}`) ?? null);
    const targetWeeks =
      group === null
        ? weeks
        : figures === null
          ? null
          : trackTargetWeeks({
              school: config,
              thresholds: config.thresholds,
              from: range.from,
              to: range.to,
              counts: await pupilWeekCounts(db, schoolId, year.from, range.to, group),
              target,
            });
    packTargets.push({
      target,
      figures,
      weeks: targetWeeks,
      attendance:
        figures === null ? null : attendanceAgainst(figures.stats, target.attendancePercent),
      persistence:
        figures === null
          ? null
          : persistenceAgainst(
              figures.cohort.persistent,
              figures.cohort.pupils,
              target.persistentPercent,
            ),
    });
  }
  const { rows: waitingRows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM attendance_target t
      WHERE t.school_id = $1 AND t.year_start = $2
        AND NOT EXISTS (SELECT 1 FROM attendance_target_decision d WHERE d.target_id = t.id)`,
    [schoolId, yearStart],
  );

  return {
    school: { id: school.id, name: school.name },
    term: { name: term.name, from: range.from, to: range.to, asOf: today },
    terms: terms.filter((t) => t.from <= today),
    thresholds: {
      persistentAbsencePercent: config.thresholds.persistentAbsencePercent,
      severeAbsencePercent: config.thresholds.severeAbsencePercent,
    },
    figures: whole,
    trends: { weeks, terms: termFigures },
    groups: {
      smallGroupMinimum: config.thresholds.smallGroupMinimum,
      keys,
      rows: groupRows,
      notes: [],
    },
    benchmarks: await packBenchmarks(db, school, range, today),
    targets: {
      yearLabel: schoolYearLabel(yearStart),
      inForce: packTargets,
      waiting: waitingRows[0]?.n ?? 0,
    },
  };
}
