/**
 * The reports behind the routes: each takes the school, today and who is asking, checks what they
 * may see, and builds the answer. Routes only parse and send; benchmarks call these directly.
 */
import { toSchoolWallClock } from '../../domain/index';
import type { CharacteristicGroup, CharacteristicKey, LocalDate } from '../../domain/index';
import type {
  AbsenceListQuery,
  AbsenceListResponse,
  AbsenceMappingQuery,
  AbsenceMappingResponse,
  CertificateQuery,
  CertificateResponse,
  DutyAlertsQuery,
  DutyAlertsResponse,
  LatenessQuery,
  LatenessResponse,
  ListSplit,
  PenaltyNoticeQuery,
  PenaltyNoticeResponse,
  SummaryQuery,
  SummaryResponse,
} from '../../shared/api/reportSchemas';
import { parseCharacteristicGroup } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadSchoolRow, schoolConfigOf, schoolConfigOn } from '../school/schoolRules';
import { buildAbsenceList } from './absenceList';
import { buildAbsenceMapping } from './absenceMapping';
import type { ReportSchool } from './certificate';
import { buildCertificate } from './certificate';
import { buildCharacteristicSplit, pupilsInGroupOn, valuesOn } from './characteristicSplit';
import { buildDutyAlerts } from './dutyAlerts';
import { buildLateness } from './lateness';
import { splitList } from './listSplit';
import { buildPenaltyNotices } from './penaltyNotices';
import type { Viewer } from './reportAccess';
import type { PupilFilters, PupilInfo } from './reportPupils';
import { canSee, filterPupils, isNarrowed, loadPupil, loadPupils } from './reportPupils';
import { resolveRange, schoolYearOf } from './reportRange';
import { buildSummary, type SummaryInput } from './summary';

export interface ReportContext {
  readonly school: ReportSchool;
  /** Today on the school's clock. */
  readonly today: LocalDate;
  readonly viewer: Viewer;
}

/**
 * The school as its reports see it: the thresholds, target and hours in the day in force now.
 * Reports never decide a mark again (each entry carries its code and minutes late), so only the
 * thresholds they compare against follow the current version.
 */
export async function loadReportSchool(
  db: Queryable,
  schoolId: string,
  on: Date | LocalDate,
): Promise<ReportSchool> {
  const row = await loadSchoolRow(db, schoolId);
  const config = on instanceof Date ? schoolConfigOf(row, on) : schoolConfigOn(row, on);
  return { id: row.id, name: row.name, config };
}

export async function reportContext(
  db: Queryable,
  viewer: Viewer,
  now: Date,
): Promise<ReportContext> {
  const school = await loadReportSchool(db, viewer.schoolId, now);
  return { school, today: toSchoolWallClock(now, school.config.timeZone).date, viewer };
}

const pupilNotFound = () =>
  new ApiError('not_found', { message: 'This school has no pupil with that id that you can see.' });

async function visiblePupil(
  db: Queryable,
  ctx: ReportContext,
  pupilId: string,
  asAt: LocalDate,
): Promise<PupilInfo> {
  const pupil = await loadPupil(db, ctx.school.id, pupilId, asAt);
  // A pupil the teacher does not teach looks the same as one that does not exist.
  if (pupil === null || !canSee(ctx.viewer, pupil)) throw pupilNotFound();
  return pupil;
}

export async function certificateReport(
  db: Queryable,
  ctx: ReportContext,
  pupilId: string,
  query: CertificateQuery,
): Promise<CertificateResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const pupil = await visiblePupil(db, ctx, pupilId, range.to);
  return buildCertificate(db, ctx.school, pupil, range);
}

async function listPupils(
  db: Queryable,
  ctx: ReportContext,
  filters: PupilFilters,
  asAt: LocalDate,
): Promise<{ pupils: PupilInfo[]; narrowed: boolean }> {
  const all = await loadPupils(db, ctx.school.id, asAt);
  const group = characteristicGroupOf(filters.characteristic, ctx.viewer);
  const inGroup = group === null ? null : await pupilsInGroupOn(db, ctx.school.id, group, asAt);
  return {
    pupils: filterPupils(all, filters, ctx.viewer).filter((p) => inGroup?.has(p.id) ?? true),
    narrowed: isNarrowed(filters, ctx.viewer),
  };
}

/**
 * Pupil characteristics are office-and-lead data (docs/design.md §5): a teacher, who sees their
 * own groups only, may not split or narrow a report by them.
 */
function mayUseCharacteristics(viewer: Viewer): void {
  if (!viewer.wholeSchool)
    throw forbidden(
      'Pupil characteristics are for the office and the attendance lead: ask them for figures by group.',
    );
}

/** The group a `characteristic` parameter names (the query schema checked it), or null. */
function characteristicGroupOf(
  param: string | undefined,
  viewer: Viewer,
): CharacteristicGroup | null {
  if (param === undefined) return null;
  mayUseCharacteristics(viewer);
  const group = parseCharacteristicGroup(param);
  if (group === null)
    throw new ApiError('invalid_request', {
      message: `characteristic '${param}' is not a characteristic and one of its values, e.g. "fsm:yes".`,
    });
  return group;
}

/**
 * The whole-school summary of one characteristic group, or of every pupil when `group` is null:
 * what the governors' pack and the benchmark comparison put beside their figures. The viewer
 * must see the whole school.
 */
export async function characteristicGroupSummary(
  db: Queryable,
  ctx: ReportContext,
  group: CharacteristicGroup | null,
  range: Pick<SummaryQuery, 'period' | 'from' | 'to' | 'asOf'>,
): Promise<SummaryResponse> {
  return summaryReport(
    db,
    ctx,
    {
      scope: 'school',
      ...range,
      ...(group === null ? {} : { characteristic: `${group.key}:${group.value}` }),
    },
    [],
  );
}

export async function absenceReport(
  db: Queryable,
  ctx: ReportContext,
  query: AbsenceListQuery,
): Promise<AbsenceListResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const { pupils, narrowed } = await listPupils(db, ctx, query, range.to);
  const { splitBy } = query;
  if (splitBy !== undefined) mayUseCharacteristics(ctx.viewer);
  const split =
    splitBy === undefined
      ? null
      : { key: splitBy, valueOf: await valuesOn(db, ctx.school.id, splitBy, range.to) };
  return buildAbsenceList(
    db,
    ctx.school,
    pupils,
    narrowed,
    range,
    query.level ?? 'persistent',
    split,
  );
}

export async function penaltyNoticeReport(
  db: Queryable,
  ctx: ReportContext,
  query: PenaltyNoticeQuery,
): Promise<PenaltyNoticeResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const { pupils, narrowed } = await listPupils(db, ctx, query, range.to);
  const split = await listSplitOf(db, ctx, query.splitBy, range.to);
  const list = await buildPenaltyNotices(db, ctx.school, pupils, narrowed, range);
  return {
    ...list,
    split: split?.(pupils, new Set(list.rows.map((r) => r.pupil.id))) ?? null,
  };
}

export async function latenessReport(
  db: Queryable,
  ctx: ReportContext,
  query: LatenessQuery,
): Promise<LatenessResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const { pupils, narrowed } = await listPupils(db, ctx, query, range.to);
  const split = await listSplitOf(db, ctx, query.splitBy, range.to);
  const list = await buildLateness(db, ctx.school, pupils, narrowed, range);
  return {
    ...list,
    split: split?.(pupils, new Set(list.rows.map((r) => r.pupil.id))) ?? null,
  };
}

export async function dutyAlertsReport(
  db: Queryable,
  ctx: ReportContext,
  query: DutyAlertsQuery,
): Promise<DutyAlertsResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const { pupils, narrowed } = await listPupils(db, ctx, query, range.to);
  const split = await listSplitOf(db, ctx, query.splitBy, range.to);
  const list = await buildDutyAlerts(db, ctx.school, pupils, narrowed, range, query.reviewedOn);
  return {
    ...list,
    split: split?.(pupils, new Set(list.alerts.map((a) => a.pupil.id))) ?? null,
  };
}

/**
 * With `splitBy`, how to split a list's pupils by it (the viewer must be allowed characteristics);
 * otherwise null.
 */
async function listSplitOf(
  db: Queryable,
  ctx: ReportContext,
  splitBy: CharacteristicKey | undefined,
  on: LocalDate,
): Promise<((pupils: readonly PupilInfo[], listed: ReadonlySet<string>) => ListSplit) | null> {
  if (splitBy === undefined) return null;
  mayUseCharacteristics(ctx.viewer);
  const by = { key: splitBy, valueOf: await valuesOn(db, ctx.school.id, splitBy, on) };
  const minimum = ctx.school.config.thresholds.smallGroupMinimum;
  return (pupils, listed) => splitList(by, pupils, listed, minimum);
}

export async function absenceMappingReport(
  db: Queryable,
  ctx: ReportContext,
  pupilId: string,
  query: AbsenceMappingQuery,
): Promise<AbsenceMappingResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const chosen = await visiblePupil(db, ctx, pupilId, range.to);
  const all = await loadPupils(db, ctx.school.id, range.to);
  const visible = new Map(all.filter((p) => canSee(ctx.viewer, p)).map((p) => [p.id, p]));
  return buildAbsenceMapping(
    db,
    ctx.school,
    chosen,
    visible,
    range,
    query.absence ?? 'unauthorised',
  );
}

/**
 * The schools of the session's organisation where the person is attendance lead or admin, the
 * session's own school first. Others of the organisation are not theirs to see.
 */
async function organisationSchools(
  db: Queryable,
  ctx: ReportContext,
  leadSchoolIds: readonly string[],
): Promise<{ organisation: { id: string; name: string }; schools: ReportSchool[] }> {
  const { rows } = await db.query<{
    id: string;
    organisation_id: string;
    organisation_name: string;
  }>(
    `SELECT s.id, s.organisation_id, o.name AS organisation_name
       FROM school s JOIN organisation o ON o.id = s.organisation_id
      WHERE s.organisation_id = (SELECT organisation_id FROM school WHERE id = $1)
        AND s.id = ANY($2::uuid[])`,
    [ctx.school.id, [...new Set([ctx.school.id, ...leadSchoolIds])]],
  );
  const first = rows[0];
  if (first === undefined) throw new Error(`School ${ctx.school.id} has no organisation row.`);
  const schools = [ctx.school];
  for (const row of rows) {
    if (row.id !== ctx.school.id) schools.push(await loadReportSchool(db, row.id, ctx.today));
  }
  return {
    organisation: { id: first.organisation_id, name: first.organisation_name },
    schools,
  };
}

const forbidden = (message: string) => new ApiError('forbidden', { message });

export async function summaryReport(
  db: Queryable,
  ctx: ReportContext,
  query: SummaryQuery,
  leadSchoolIds: readonly string[],
): Promise<SummaryResponse> {
  const range = resolveRange(query, ctx.school.config, ctx.today);
  const year = schoolYearOf(range.asOf);
  const trend = { from: year.from, to: range.asOf < year.to ? range.asOf : year.to };
  const { viewer } = ctx;
  const emptyGroups = new Map<string, PupilInfo>();
  const within = characteristicGroupOf(query.characteristic, viewer);
  if (query.splitBy !== undefined) mayUseCharacteristics(viewer);
  // The summary, and its split by a characteristic when asked for, over the same pupils and days.
  const build = async (input: SummaryInput): Promise<SummaryResponse> => {
    const splitBy = query.splitBy;
    const [summary, split] = await Promise.all([
      buildSummary(db, { ...input, within }),
      splitBy === undefined
        ? Promise.resolve(null)
        : buildCharacteristicSplit(db, {
            schools: input.schools,
            range,
            key: splitBy,
            pupilIds: input.pupils?.map((p) => p.id) ?? null,
            within,
            smallGroupMinimum: ctx.school.config.thresholds.smallGroupMinimum,
          }),
    ]);
    const pupils = summary.cohort.pupils + summary.outsideAgeRange.cohort.pupils;
    const characteristic =
      summary.characteristic === null
        ? null
        : { ...summary.characteristic, suppressed: pupils < summary.smallGroupMinimum };
    return { ...summary, characteristic, split };
  };

  if (query.scope === 'organisation') {
    if (!viewer.roles.some((r) => r === 'attendance_lead' || r === 'admin'))
      throw forbidden(
        'Only an attendance lead or an administrator can see the organisation summary.',
      );
    const { organisation, schools } = await organisationSchools(db, ctx, leadSchoolIds);
    return build({
      scope: { kind: 'organisation', id: organisation.id, name: organisation.name },
      schools,
      pupils: null,
      groupOf: emptyGroups,
      range,
      trend,
    });
  }
  const all = await loadPupils(db, ctx.school.id, range.to);
  const groupOf = new Map(all.map((p) => [p.id, p]));
  if (query.scope === 'school') {
    if (!viewer.wholeSchool)
      throw forbidden('Teachers can see the summaries of their own groups only.');
    return build({
      scope: { kind: 'school', id: ctx.school.id, name: ctx.school.name },
      schools: [ctx.school],
      pupils: null,
      groupOf,
      range,
      trend,
    });
  }
  if (query.scope === 'year') {
    if (!viewer.wholeSchool)
      throw forbidden('Teachers can see the summaries of their own groups only.');
    const yearGroup = query.yearGroup ?? '';
    return build({
      scope: {
        kind: 'year',
        id: yearGroup,
        name: /^\d+$/.test(yearGroup) ? `Year ${yearGroup}` : yearGroup,
      },
      schools: [ctx.school],
      pupils: all.filter((p) => p.yearGroup === yearGroup),
      groupOf,
      range,
      trend,
    });
  }
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM school_group WHERE id = $1 AND school_id = $2',
    [query.groupId, ctx.school.id],
  );
  const group = rows[0];
  if (group === undefined)
    throw new ApiError('not_found', { message: 'This school has no group with that id.' });
  if (!viewer.wholeSchool && !viewer.groupIds.has(group.id))
    throw forbidden('Teachers can see the summaries of their own groups only.');
  return build({
    scope: { kind: 'group', id: group.id, name: group.name },
    schools: [ctx.school],
    pupils: all.filter((p) => p.groupId === group.id),
    groupOf,
    range,
    trend,
  });
}
