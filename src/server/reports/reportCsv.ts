/**
 * Every report list as CSV (`?format=csv`), one row per list row, headers in plain English.
 * The shared writer quotes names with commas and keeps cells a spreadsheet would run as text.
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

type Row = Record<string, CsvCell>;

/** A rate as a spreadsheet reads it, to one decimal place; "n/a" without possible sessions. */
const rate = (p: number | null): string => (p === null ? 'n/a' : p.toFixed(1));
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function pupilCells(p: ReportPupil): Row {
  return { Pupil: p.displayName, Group: p.groupName ?? '', Year: p.yearGroup ?? '' };
}

function statsCells(s: AttendanceStats | SummaryResponse['totals']): Row {
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

export function toCsv(rows: readonly Row[]): string {
  return writeCsvObjects(rows);
}

export function summaryCsv(r: SummaryResponse): Row[] {
  return [
    { Table: 'Total (aged 5 to 15)', Row: r.scope.name, ...statsCells(r.totals) },
    {
      Table: 'Outside the statistics (under 5, over 15)',
      Row: r.scope.name,
      ...statsCells(r.outsideAgeRange.totals),
    },
    ...r.bySessionPart.map((x) => ({ Table: 'Session', Row: x.part, ...statsCells(x.stats) })),
    ...r.byWeekday.map((x) => ({ Table: 'Weekday', Row: x.name, ...statsCells(x.stats) })),
    ...r.byWeek.map((x) => ({ Table: 'Week beginning', Row: x.weekStart, ...statsCells(x.stats) })),
    ...r.bySchool.map((x) => ({ Table: 'School', Row: x.school.name, ...statsCells(x.stats) })),
    ...r.byGroup.map((x) => ({ Table: 'Group', Row: x.groupName, ...statsCells(x.stats) })),
  ];
}

/** How the CSV names a pupil's place against the statistics' age range. */
const AGE_RANGE: Readonly<Record<AbsenceListResponse['rows'][number]['ageCohort'], string>> = {
  'under-5': 'Under 5 (outside the statistics)',
  'aged-5-to-15': '5 to 15',
  'over-15': 'Over 15 (outside the statistics)',
};

/** The pupils aged 5 to 15 first, then those outside that range, each row saying which. */
export function absenceCsv(r: AbsenceListResponse): Row[] {
  return [...r.rows, ...r.outsideAgeRange.rows].map((x) => ({
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
}

const sessionsText = (list: readonly { date: string; part: string; code: string }[]): string =>
  list.map((s) => `${s.date} ${s.part} ${s.code}`).join('; ');

/** Pupils of compulsory school age first, then sessions outside it, each row saying which. */
export function penaltyNoticeCsv(r: PenaltyNoticeResponse): Row[] {
  const tagged = [
    ...r.rows.map((x) => ({ x, age: 'Yes' })),
    ...r.outsideCompulsorySchoolAge.map((x) => ({
      x,
      age: 'No: outside compulsory school age (before it began or after the school leaving date)',
    })),
  ];
  return tagged.map(({ x, age }) => ({
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
}

export function latenessCsv(r: LatenessResponse): Row[] {
  return r.rows.map((x) => ({
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
}

const ALERT_NAMES = {
  'la-unauthorised': 'Inform the local authority (10 days unauthorised)',
  'la-sickness': 'Sickness return (15 days of illness)',
  'band-fall': 'Fell through a band since the review',
} as const;

export function dutyAlertsCsv(r: DutyAlertsResponse): Row[] {
  return r.alerts.map((x) => ({
    ...pupilCells(x.pupil),
    Alert: ALERT_NAMES[x.kind],
    Sessions: x.sessions,
    'Band at review': x.bandAtReview ?? '',
    'Band now': x.bandNow ?? '',
    Detail: x.detail,
  }));
}

export function absenceMappingCsv(r: AbsenceMappingResponse): Row[] {
  return r.rows.map((x) => ({
    ...pupilCells(x.pupil),
    'Shared sessions': x.sharedSessions,
    'Absent together': x.absentTogether,
    'Expected by chance': x.expectedTogether.toFixed(2),
    'Times chance': x.ratio === null ? 'n/a' : x.ratio.toFixed(1),
    'p-value': x.pValue.toPrecision(3),
    Significant: yesNo(x.significant),
  }));
}
