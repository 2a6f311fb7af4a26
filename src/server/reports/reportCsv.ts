/**
 * Every report list as CSV (`?format=csv`), one row per list row, headers in plain English.
 * The shared writer quotes names with commas and keeps cells a spreadsheet would run as text.
 * Each report names its columns once, and the compiler holds every row to them: an empty list
 * still downloads with its header row.
 */
import { writeCsvObjects, type CsvCell } from '../../shared/csv';
import type { AttendanceStats } from '../../domain/index';
import type {
  AbsenceListResponse,
  AbsenceMappingResponse,
  DutyAlertsResponse,
  LatenessResponse,
  PenaltyNoticeResponse,
  ReportPupil,
  SummaryResponse,
} from '../../shared/api/reportSchemas';

/** A report's columns and its rows, each row a cell for every column and no other. */
export interface CsvTable<H extends readonly string[] = readonly string[]> {
  readonly headings: H;
  readonly rows: readonly Readonly<Record<H[number], CsvCell>>[];
}

const table = <const H extends readonly string[]>(
  headings: H,
  rows: readonly Readonly<Record<H[number], CsvCell>>[],
): CsvTable<H> => ({ headings, rows });

type RowOf<H extends readonly string[]> = Record<H[number], CsvCell>;

const PUPIL_COLUMNS = ['Pupil', 'Group', 'Year'] as const;
const STATS_COLUMNS = [
  'Possible sessions',
  'Attended',
  'Approved educational activity',
  'Authorised absence',
  'Unauthorised absence',
  'Attendance %',
  'Absence %',
  'Late before close (L)',
  'Minutes late (L)',
  'Late after close (U)',
  'Minutes late (U)',
] as const;

/** A rate as a spreadsheet reads it, to one decimal place; "n/a" without possible sessions. */
const rate = (p: number | null): string => (p === null ? 'n/a' : p.toFixed(1));
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function pupilCells(p: ReportPupil): RowOf<typeof PUPIL_COLUMNS> {
  return { Pupil: p.displayName, Group: p.groupName ?? '', Year: p.yearGroup ?? '' };
}

function statsCells(s: AttendanceStats | SummaryResponse['totals']): RowOf<typeof STATS_COLUMNS> {
  return {
    'Possible sessions': s.possible,
    Attended: s.attended,
    'Approved educational activity': s.aea,
    'Authorised absence': s.authorised,
    'Unauthorised absence': s.unauthorised,
    'Attendance %': rate(s.attendancePercent),
    'Absence %': rate(s.overallAbsencePercent),
    'Late before close (L)': s.lateBeforeClose,
    'Minutes late (L)': s.minutesLateBeforeClose,
    'Late after close (U)': s.lateAfterClose,
    'Minutes late (U)': s.minutesLateAfterClose,
  };
}

export function toCsv(csv: CsvTable): string {
  return writeCsvObjects(csv.headings, csv.rows);
}

const COHORT_COLUMNS = [
  'Pupils',
  'Persistent absence',
  'Persistent absence %',
  'Severe absence',
  'Severe absence %',
] as const;

type Cohort = SummaryResponse['cohort'];

function cohortCells(c: Cohort | null): RowOf<typeof COHORT_COLUMNS> {
  return {
    Pupils: c?.pupils ?? '',
    'Persistent absence': c?.persistent ?? '',
    'Persistent absence %': c === null ? '' : rate(c.persistentPercent),
    'Severe absence': c?.severe ?? '',
    'Severe absence %': c === null ? '' : rate(c.severePercent),
  };
}

/** Every figure of a row too small to export: "fewer than N pupils" (docs/design.md §5). */
function suppressedCells(
  minimum: number,
): RowOf<typeof STATS_COLUMNS> & RowOf<typeof COHORT_COLUMNS> {
  const text = `fewer than ${minimum} pupils`;
  const cells = [...STATS_COLUMNS, ...COHORT_COLUMNS].map((column) => [column, text]);
  return Object.fromEntries(cells) as RowOf<typeof STATS_COLUMNS> & RowOf<typeof COHORT_COLUMNS>;
}

/**
 * The summary as rows. A summary narrowed to a characteristic group names it beside the scope;
 * when that group is smaller than the school's minimum every figure is suppressed, and the
 * registration groups' table (which has no pupil counts to check) is left out of a narrowed
 * summary. A split's groups below the minimum are suppressed one by one.
 */
export function summaryCsv(r: SummaryResponse): CsvTable {
  const scopeName =
    r.characteristic === null ? r.scope.name : `${r.scope.name} — ${r.characteristic.label}`;
  const hidden = r.characteristic?.suppressed ?? false;
  const figures = (stats: AttendanceStats, cohort: Cohort | null) =>
    hidden
      ? suppressedCells(r.smallGroupMinimum)
      : { ...statsCells(stats), ...cohortCells(cohort) };
  return table(
    ['Table', 'Row', ...STATS_COLUMNS, ...COHORT_COLUMNS],
    [
      { Table: 'Total (aged 5 to 15)', Row: scopeName, ...figures(r.totals, r.cohort) },
      {
        Table: 'Outside the statistics (under 5, over 15)',
        Row: scopeName,
        ...figures(r.outsideAgeRange.totals, r.outsideAgeRange.cohort),
      },
      ...(r.split?.rows ?? []).map((x) => ({
        Table: `${r.split?.label ?? ''} (aged 5 to 15)`,
        Row: x.label,
        ...(x.suppressed ? suppressedCells(r.smallGroupMinimum) : figures(x.stats, x.cohort)),
      })),
      ...r.bySessionPart.map((x) => ({ Table: 'Session', Row: x.part, ...figures(x.stats, null) })),
      ...r.byWeekday.map((x) => ({ Table: 'Weekday', Row: x.name, ...figures(x.stats, null) })),
      ...r.byWeek.map((x) => ({
        Table: 'Week beginning',
        Row: x.weekStart,
        ...figures(x.stats, null),
      })),
      ...r.bySchool.map((x) => ({
        Table: 'School',
        Row: x.school.name,
        ...figures(x.stats, x.cohort),
      })),
      ...(r.characteristic === null ? r.byGroup : []).map((x) => ({
        Table: 'Group',
        Row: x.groupName,
        ...figures(x.stats, null),
      })),
    ],
  );
}

/** How the CSV names a pupil's place against the statistics' age range. */
const AGE_RANGE: Readonly<Record<AbsenceListResponse['rows'][number]['ageCohort'], string>> = {
  'under-5': 'Under 5 (outside the statistics)',
  'aged-5-to-15': '5 to 15',
  'over-15': 'Over 15 (outside the statistics)',
};

/** The pupils aged 5 to 15 first, then those outside that range, each row saying which. */
const ABSENCE_COLUMNS = [
  ...PUPIL_COLUMNS,
  'Age range',
  'Possible sessions',
  'Attended',
  'Authorised absence',
  'Unauthorised absence',
  'Attendance %',
  'Absence %',
  'Persistent',
  'Severe',
  'Band',
  'SEND',
  'FSM',
  'Looked after',
  'Social worker',
] as const;

export function absenceCsv(r: AbsenceListResponse): CsvTable {
  const rows = [...r.rows, ...r.outsideAgeRange.rows].map((x): RowOf<typeof ABSENCE_COLUMNS> => ({
    ...pupilCells(x.pupil),
    'Age range': AGE_RANGE[x.ageCohort],
    'Possible sessions': x.possible,
    Attended: x.attended,
    'Authorised absence': x.authorised,
    'Unauthorised absence': x.unauthorised,
    'Attendance %': rate(x.attendancePercent),
    'Absence %': rate(x.overallAbsencePercent),
    Persistent: yesNo(x.status.persistent),
    Severe: yesNo(x.status.severe),
    Band: x.status.band?.name ?? '',
    SEND: yesNo(x.flags.send),
    FSM: yesNo(x.flags.fsm),
    'Looked after': yesNo(x.flags.lookedAfter),
    'Social worker': yesNo(x.flags.socialWorker),
  }));
  return table(ABSENCE_COLUMNS, rows);
}

const sessionsText = (list: readonly { date: string; part: string; code: string }[]): string =>
  list.map((s) => `${s.date} ${s.part} ${s.code}`).join('; ');

/** Pupils of compulsory school age first, then sessions outside it, each row saying which. */
const PENALTY_NOTICE_COLUMNS = [
  ...PUPIL_COLUMNS,
  'Compulsory school age',
  'Status',
  'Window from (week of)',
  'Window to (week of)',
  'G/O/U sessions',
  'N sessions',
  'Sessions that count',
  'Unresolved N',
] as const;

export function penaltyNoticeCsv(r: PenaltyNoticeResponse): CsvTable {
  const tagged = [
    ...r.rows.map((x) => ({ x, age: 'Yes' })),
    ...r.outsideCompulsorySchoolAge.map((x) => ({
      x,
      age: 'No: outside compulsory school age (before it began or after the school leaving date)',
    })),
  ];
  const rows = tagged.map(({ x, age }): RowOf<typeof PENALTY_NOTICE_COLUMNS> => ({
    ...pupilCells(x.pupil),
    'Compulsory school age': age,
    Status: x.status === 'met' ? 'Threshold met' : 'Met if N stays unresolved',
    'Window from (week of)': x.window.fromWeek,
    'Window to (week of)': x.window.toWeek,
    'G/O/U sessions': x.firmSessions.length,
    'N sessions': x.pendingSessions.length,
    'Sessions that count': sessionsText(x.firmSessions),
    'Unresolved N': sessionsText(x.pendingSessions),
  }));
  return table(PENALTY_NOTICE_COLUMNS, rows);
}

const LATENESS_COLUMNS = [
  ...PUPIL_COLUMNS,
  'Lates',
  'Late before close (L)',
  'Minutes late (L)',
  'Late after close (U)',
  'Minutes late (U)',
  'Letter due',
  'Most lates in a window',
  'Escalation reached',
] as const;

export function latenessCsv(r: LatenessResponse): CsvTable {
  const rows = r.rows.map((x): RowOf<typeof LATENESS_COLUMNS> => ({
    ...pupilCells(x.pupil),
    Lates: x.lates,
    'Late before close (L)': x.lateBeforeClose,
    'Minutes late (L)': x.minutesLateBeforeClose,
    'Late after close (U)': x.lateAfterClose,
    'Minutes late (U)': x.minutesLateAfterClose,
    'Letter due': yesNo(x.letterDue),
    'Most lates in a window': x.escalation.mostLatesInWindow,
    'Escalation reached': yesNo(x.escalation.reached),
  }));
  return table(LATENESS_COLUMNS, rows);
}

const ALERT_NAMES = {
  'la-unauthorised': 'Inform the local authority (10 days unauthorised)',
  'la-sickness': 'Sickness return (15 days of illness)',
  'band-fall': 'Fell through a band since the review',
} as const;

const DUTY_ALERT_COLUMNS = [
  ...PUPIL_COLUMNS,
  'Alert',
  'Sessions',
  'Band at review',
  'Band now',
  'Detail',
] as const;

export function dutyAlertsCsv(r: DutyAlertsResponse): CsvTable {
  const rows = r.alerts.map((x): RowOf<typeof DUTY_ALERT_COLUMNS> => ({
    ...pupilCells(x.pupil),
    Alert: ALERT_NAMES[x.kind],
    Sessions: x.sessions,
    'Band at review': x.bandAtReview ?? '',
    'Band now': x.bandNow ?? '',
    Detail: x.detail,
  }));
  return table(DUTY_ALERT_COLUMNS, rows);
}

const ABSENCE_MAPPING_COLUMNS = [
  ...PUPIL_COLUMNS,
  'Shared sessions',
  'Absent together',
  'Expected by chance',
  'Times chance',
  'p-value',
  'Significant',
] as const;

export function absenceMappingCsv(r: AbsenceMappingResponse): CsvTable {
  const rows = r.rows.map((x): RowOf<typeof ABSENCE_MAPPING_COLUMNS> => ({
    ...pupilCells(x.pupil),
    'Shared sessions': x.sharedSessions,
    'Absent together': x.absentTogether,
    'Expected by chance': x.expectedTogether.toFixed(2),
    'Times chance': x.ratio === null ? 'n/a' : x.ratio.toFixed(1),
    'p-value': x.pValue.toPrecision(3),
    Significant: yesNo(x.significant),
  }));
  return table(ABSENCE_MAPPING_COLUMNS, rows);
}
