/**
 * The school beside the DfE's published figures (docs/design.md §8.12): for every pupil and each
 * characteristic group the files hold, the school's figure over the range and the latest
 * published figure of the same phase for England, the school's region and its local authority,
 * with the gap in days per pupil (`gapInDaysPerPupil` in the domain).
 *
 * The school's local authority is the first part of its DfE number (`LLL/EEEE`); its region comes
 * from the DfE's own local-authority rows. The phase is the one asked for, or else the one the
 * school's year groups give (`phaseOfYearGroups`).
 */
import {
  BENCHMARK_LEVELS,
  BENCHMARK_PHASE_NAMES,
  characteristicGroupLabel,
  gapInDaysPerPupil,
  groupKeyOf,
  groupOfKey,
  groupOrder,
  overallAbsencePercent,
  phaseOfYearGroups,
  publishedPeriodLabel,
  type CharacteristicGroup,
} from '../../domain/index';
import type {
  BenchmarkFigureWire,
  BenchmarkQuery,
  BenchmarkResponse,
  SchoolFigure,
} from '../../shared/api/benchmarkSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import { latestBenchmarks, regionOfLa } from './dfeBenchmarkStore';
import type { ReportRange } from './reportRange';
import { resolveRange } from './reportRange';
import type { ReportContext } from './reportService';
import { isSmallGroup, schoolSummaryOf } from './groupSummary';

/**
 * The school's own figure for every pupil (`group` null) or one characteristic group, over the
 * range, for pupils aged 5 to 15 as the DfE's figures count them; null for a group too small to
 * show (the school's small-group minimum), since the comparison is printed and exported.
 */
export async function schoolFigureOf(
  db: Queryable,
  school: ReportSchool,
  range: ReportRange,
  group: CharacteristicGroup | null,
): Promise<SchoolFigure | null> {
  const summary = await schoolSummaryOf(db, school, range, group);
  if (group !== null && isSmallGroup(school, summary.cohort.pupils)) return null;
  const figure = {
    pupils: summary.cohort.pupils,
    possibleSessions: summary.totals.possible,
    overallAbsenceSessions: summary.totals.overallAbsence,
  };
  return {
    ...figure,
    overallAbsencePercent: overallAbsencePercent(figure),
    persistentPercent: summary.cohort.persistentPercent,
    severePercent: summary.cohort.severePercent,
  };
}

/** The local-authority number of a DfE number `LLL/EEEE` (or `LLLEEEE`), or null. */
export function laCodeOf(dfeNumber: string | null): string | null {
  const match = /^(\d{3})\/?\d{4}$/.exec(dfeNumber?.trim() ?? '');
  return match?.[1] ?? null;
}

export async function benchmarkReport(
  db: Queryable,
  ctx: Pick<ReportContext, 'school' | 'today'>,
  query: BenchmarkQuery,
): Promise<BenchmarkResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const { rows: schoolRows } = await db.query<{ dfe_number: string | null }>(
    'SELECT dfe_number FROM school WHERE id = $1',
    [ctx.school.id],
  );
  const laCode = laCodeOf(schoolRows[0]?.dfe_number ?? null);
  let phase = query.phase;
  if (phase === undefined) {
    const { rows } = await db.query<{ year_group: string }>(
      'SELECT DISTINCT year_group FROM school_group WHERE school_id = $1 AND year_group IS NOT NULL',
      [ctx.school.id],
    );
    phase = phaseOfYearGroups(rows.map((r) => r.year_group));
  }
  const place = laCode === null ? { laName: null, region: null } : await regionOfLa(db, laCode);
  const stored = await latestBenchmarks(db, phase, place.region?.code ?? null, laCode);

  const notes: string[] = [];
  const { rows: loads } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM dfe_benchmark_load',
  );
  if ((loads[0]?.n ?? 0) === 0)
    notes.push(
      'No DfE figures are loaded yet: an administrator downloads a "Pupil absence in schools in England" data file and loads it with npm run cli -- benchmarks load FILE.csv.',
    );
  else if (stored.length === 0)
    notes.push(
      `The loaded files have no figures for ${BENCHMARK_PHASE_NAMES[phase].toLowerCase()} schools.`,
    );
  if (laCode === null)
    notes.push(
      "The school's DfE number is not set, so its local authority and region are not known: an administrator sets it in the school's settings.",
    );
  else if (stored.length > 0 && !stored.some((b) => b.level === 'localAuthority'))
    notes.push(`The loaded files have no figures for local authority ${laCode}.`);

  const keys = [...new Set(['all', ...stored.map((b) => b.groupKey)])].sort(
    (a, b) => groupOrder(a) - groupOrder(b),
  );
  const rows: BenchmarkResponse['rows'] = [];
  for (const key of keys) {
    const group = groupOfKey(key);
    if (group === undefined) continue;
    const school = await schoolFigureOf(db, ctx.school, range, group);
    const benchmarks: BenchmarkFigureWire[] = stored
      .filter((b) => b.groupKey === groupKeyOf(group))
      .sort((a, b) => BENCHMARK_LEVELS.indexOf(a.level) - BENCHMARK_LEVELS.indexOf(b.level))
      .map((b) => ({
        level: b.level,
        areaName: b.areaName,
        period: {
          timePeriod: b.timePeriod,
          timeIdentifier: b.timeIdentifier,
          label: publishedPeriodLabel(b.timePeriod, b.timeIdentifier),
        },
        enrolments: b.enrolments,
        possibleSessions: b.sessionsPossible,
        overallAbsencePercent: b.overallPercent,
        persistentPercent: b.persistentPercent,
        severePercent: b.severePercent,
        gapDaysPerPupil: school === null ? null : gapInDaysPerPupil(school, b.overallPercent),
        source: {
          fileName: b.fileName,
          publication: b.publication,
          loadedAt: b.loadedAt.toISOString(),
        },
      }));
    rows.push({ group, label: characteristicGroupLabel(group), school, benchmarks });
  }
  if (rows.some((r) => r.group !== null && r.school === null))
    notes.push(
      `The school's figure is not shown for a group of fewer than ${ctx.school.config.thresholds.smallGroupMinimum} pupils, so that no child can be identified.`,
    );
  return {
    school: { id: ctx.school.id, name: ctx.school.name },
    range,
    phase,
    phaseName: BENCHMARK_PHASE_NAMES[phase],
    localAuthority: laCode === null ? null : { code: laCode, name: place.laName },
    region: place.region,
    rows,
    notes,
  };
}
