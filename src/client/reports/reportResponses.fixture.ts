/**
 * Answers the reports API would give, built for the screen tests and parsed with the contract's
 * own schemas, so a change to the contract breaks the tests instead of leaving them green.
 */
import { PUPIL, GROUP_ID, OTHER_GROUP_ID } from '../testSupport.fixture';
import { SCHOOL_ID } from '../ui/screens.fixture';
import {
  absenceListResponseSchema,
  penaltyNoticeResponseSchema,
  latenessResponseSchema,
  dutyAlertsResponseSchema,
  type ListSplit,
  type LatenessResponse,
  type DutyAlertsResponse,
  type PenaltyNoticeResponse,
  attendanceStatsSchema,
  certificateResponseSchema,
  summaryResponseSchema,
  type AbsenceListResponse,
  type AttendanceStatsDto,
  type CertificateResponse,
  type ReportPupil,
  type SummaryResponse,
} from '../../shared/api/reportSchemas';

export const ADA: ReportPupil = {
  id: PUPIL.ada,
  displayName: 'Ada Adams',
  groupId: GROUP_ID,
  groupName: '3A',
  yearGroup: '3',
};
export const DAN: ReportPupil = {
  id: PUPIL.dan,
  displayName: 'Dan Dawes',
  groupId: OTHER_GROUP_ID,
  groupName: '3B',
  yearGroup: '3',
};
/** A nursery child: outside the statistics' age range (aged 3 on 31 August). */
export const NELL: ReportPupil = {
  id: '00000000-0000-4000-8000-00000000a0e1',
  displayName: 'Nell Nash',
  groupId: null,
  groupName: 'Nursery',
  yearGroup: 'N2',
};

const rate = (part: number, possible: number) => (possible === 0 ? null : (100 * part) / possible);

/** Statistics from counts, as the domain would compute them. */
export function statsOf(counts: {
  present: number;
  aea?: number;
  authorised: number;
  unauthorised: number;
  lateBeforeClose?: number;
  lateAfterClose?: number;
  minutesLateBeforeClose?: number;
  minutesLateAfterClose?: number;
  byCode?: Record<string, number>;
}): AttendanceStatsDto {
  const aea = counts.aea ?? 0;
  const attended = counts.present + aea;
  const overallAbsence = counts.authorised + counts.unauthorised;
  const possible = attended + overallAbsence;
  return attendanceStatsSchema.parse({
    possible,
    present: counts.present,
    aea,
    attended,
    authorised: counts.authorised,
    unauthorised: counts.unauthorised,
    notAbsentButPossible: 0,
    overallAbsence,
    lateBeforeClose: counts.lateBeforeClose ?? 0,
    lateAfterClose: counts.lateAfterClose ?? 0,
    minutesLateBeforeClose: counts.minutesLateBeforeClose ?? 0,
    minutesLateAfterClose: counts.minutesLateAfterClose ?? 0,
    byCode: counts.byCode ?? {},
    attendancePercent: rate(attended, possible),
    authorisedPercent: rate(counts.authorised, possible),
    unauthorisedPercent: rate(counts.unauthorised, possible),
    overallAbsencePercent: rate(overallAbsence, possible),
  });
}

const AUTUMN_RANGE = {
  period: 'term',
  from: '2025-09-01',
  to: '2025-11-21',
  asOf: '2025-11-21',
  label: 'Autumn 1',
} as const;

/**
 * Ada: 140 possible sessions, 121 attended (86.4%), 12 authorised (10 illness, 2 medical) and 7
 * unauthorised (4 O, 2 G, 1 U) = 19 sessions missed: "9.5 days — almost two school weeks".
 */
export function certificateAnswer(): CertificateResponse {
  return certificateResponseSchema.parse({
    school: { id: SCHOOL_ID, name: 'Test Primary' },
    pupil: ADA,
    range: AUTUMN_RANGE,
    stats: statsOf({
      present: 121,
      authorised: 12,
      unauthorised: 7,
      lateBeforeClose: 3,
      minutesLateBeforeClose: 25,
      lateAfterClose: 1,
      minutesLateAfterClose: 40,
    }),
    absenceByReason: [
      { code: 'I', meaning: 'Illness', category: 'AUTH', sessions: 10, percent: rate(10, 140) },
      {
        code: 'O',
        meaning: 'Unauthorised absence not covered by any other code',
        category: 'UNAUTH',
        sessions: 4,
        percent: rate(4, 140),
      },
      {
        code: 'M',
        meaning: 'Leave for a medical or dental appointment',
        category: 'AUTH',
        sessions: 2,
        percent: rate(2, 140),
      },
      {
        code: 'G',
        meaning: 'Unauthorised holiday',
        category: 'UNAUTH',
        sessions: 2,
        percent: rate(2, 140),
      },
      {
        code: 'U',
        meaning: 'Arrived after the register closed',
        category: 'UNAUTH',
        sessions: 1,
        percent: rate(1, 140),
      },
    ],
    timeMissed: {
      sessions: 19,
      days: 9.5,
      hours: 61.75,
      text: '9.5 days (about 62 hours)',
      weeksText: 'almost two school weeks',
      phrase: '9.5 days — almost two school weeks',
    },
    status: { persistent: true, severe: false, band: { name: 'Concern', minAbsencePercent: 10 } },
    targetPercent: 96,
    weeks: [
      {
        weekStart: '2025-09-08',
        days: [
          { date: '2025-09-08', AM: mark('/'), PM: mark('\\') },
          { date: '2025-09-09', AM: mark('L', 10), PM: mark('\\') },
          { date: '2025-09-10', AM: mark('I'), PM: mark('I') },
          { date: '2025-09-11', AM: mark('/'), PM: mark('\\') },
          { date: '2025-09-12', AM: mark('O'), PM: mark('O') },
        ],
      },
    ],
  });
}

function mark(code: string, minutesLate: number | null = null) {
  return { code, minutesLate, open: true };
}

/** A school summary: a 95.0% school against a 96% target, weaker on Fridays. */
export function summaryAnswer(): SummaryResponse {
  const weekdays = [
    ['Monday', 1, 96],
    ['Tuesday', 2, 97],
    ['Wednesday', 3, 95],
    ['Thursday', 4, 96],
    ['Friday', 5, 91],
  ] as const;
  const week = (weekStart: string, present: number, cumulative: number) => ({
    weekStart,
    stats: statsOf({ present, authorised: 100 - present - 1, unauthorised: 1 }),
    cumulativeAttendancePercent: cumulative,
  });
  const weeks = [week('2025-09-08', 96, 96), week('2025-09-15', 94, 95)];
  return summaryResponseSchema.parse({
    scope: { kind: 'school', id: SCHOOL_ID, name: 'Test Primary' },
    range: AUTUMN_RANGE,
    targetPercent: 96,
    totals: statsOf({ present: 950, authorised: 40, unauthorised: 10 }),
    cohort: { pupils: 40, persistent: 4, severe: 1, persistentPercent: 10, severePercent: 2.5 },
    outsideAgeRange: {
      totals: statsOf({ present: 90, authorised: 8, unauthorised: 2 }),
      cohort: { pupils: 2, persistent: 1, severe: 0, persistentPercent: 50, severePercent: 0 },
    },
    bySessionPart: [
      { part: 'AM', stats: statsOf({ present: 470, authorised: 25, unauthorised: 5 }) },
      { part: 'PM', stats: statsOf({ present: 480, authorised: 15, unauthorised: 5 }) },
    ],
    byWeekday: weekdays.map(([name, weekday, present]) => ({
      weekday,
      name,
      stats: statsOf({ present, authorised: 100 - present, unauthorised: 0 }),
    })),
    byWeek: weeks,
    trend: { from: '2025-09-01', to: '2025-11-21', weeks },
    bySchool: [],
    byGroup: [
      {
        groupId: GROUP_ID,
        groupName: '3A',
        yearGroup: '3',
        stats: statsOf({ present: 475, authorised: 20, unauthorised: 5 }),
      },
    ],
    smallGroupMinimum: 6,
    characteristic: null,
    split: null,
  });
}

/** A split group's pupils, persistent among them, none severe. */
const splitCohort = (pupils: number, persistent: number) => ({
  pupils,
  persistent,
  severe: 0,
  persistentPercent: (100 * persistent) / pupils,
  severePercent: 0,
});

/** The same summary split by free school meals: 30 pupils without, 3 with (a small group). */
export function splitSummaryAnswer(): SummaryResponse {
  return summaryResponseSchema.parse({
    ...summaryAnswer(),
    split: {
      key: 'fsm',
      label: 'Free school meals',
      rows: [
        {
          value: 'yes',
          label: 'Yes',
          stats: statsOf({ present: 50, authorised: 8, unauthorised: 2 }),
          cohort: splitCohort(3, 1),
          suppressed: true,
        },
        {
          value: 'no',
          label: 'No',
          stats: statsOf({ present: 900, authorised: 32, unauthorised: 8 }),
          cohort: splitCohort(37, 3),
          suppressed: false,
        },
      ],
    },
  });
}

const NO_FLAGS = { send: false, fsm: false, lookedAfter: false, socialWorker: false };

/** Two persistently absent pupils; Dan has SEND and a short enrolment (20 possible sessions). */
export function absenceListAnswer(): AbsenceListResponse {
  return absenceListResponseSchema.parse({
    range: AUTUMN_RANGE,
    level: 'persistent',
    thresholds: {
      persistentAbsencePercent: 10,
      severeAbsencePercent: 50,
      atRiskBands: [{ name: 'Concern', minAbsencePercent: 5 }],
    },
    cohort: { pupils: 4, persistent: 2, severe: 1, persistentPercent: 50, severePercent: 25 },
    bands: [{ name: 'Concern', minAbsencePercent: 5, pupils: 3 }],
    rows: [
      {
        pupil: DAN,
        flags: { ...NO_FLAGS, send: true },
        ageCohort: 'aged-5-to-15',
        possible: 20,
        attended: 10,
        authorised: 4,
        unauthorised: 6,
        overallAbsence: 10,
        attendancePercent: 50,
        overallAbsencePercent: 50,
        status: { persistent: true, severe: true, band: { name: 'Concern', minAbsencePercent: 5 } },
      },
      {
        pupil: ADA,
        flags: NO_FLAGS,
        ageCohort: 'aged-5-to-15',
        possible: 140,
        attended: 121,
        authorised: 12,
        unauthorised: 7,
        overallAbsence: 19,
        attendancePercent: rate(121, 140),
        overallAbsencePercent: rate(19, 140),
        status: {
          persistent: true,
          severe: false,
          band: { name: 'Concern', minAbsencePercent: 5 },
        },
      },
    ],
    outsideAgeRange: {
      cohort: { pupils: 1, persistent: 1, severe: 0, persistentPercent: 100, severePercent: 0 },
      bands: [{ name: 'Concern', minAbsencePercent: 5, pupils: 1 }],
      rows: [
        {
          pupil: NELL,
          flags: NO_FLAGS,
          ageCohort: 'under-5',
          possible: 100,
          attended: 80,
          authorised: 20,
          unauthorised: 0,
          overallAbsence: 20,
          attendancePercent: 80,
          overallAbsencePercent: 20,
          status: {
            persistent: true,
            severe: false,
            band: { name: 'Concern', minAbsencePercent: 5 },
          },
        },
      ],
    },
    split: null,
  });
}

/** The same list split by SEN provision: 3 pupils with SEN support (a small group), 1 without. */
export function splitAbsenceListAnswer(): AbsenceListResponse {
  return absenceListResponseSchema.parse({
    ...absenceListAnswer(),
    split: {
      key: 'sen',
      label: 'SEN provision',
      smallGroupMinimum: 6,
      rows: [
        { value: 'none', label: 'No SEN', cohort: splitCohort(1, 0), suppressed: true },
        { value: 'senSupport', label: 'SEN support', cohort: splitCohort(3, 2), suppressed: true },
      ],
    },
  });
}

/** Dan meets the threshold; Nell (nursery) would, but is outside compulsory school age (before it began). */
export function penaltyNoticeAnswer(): PenaltyNoticeResponse {
  const sessions = Array.from({ length: 10 }, (_, i) => ({
    date: `2025-09-${String(8 + (i >> 1)).padStart(2, '0')}`,
    part: i % 2 === 0 ? 'AM' : 'PM',
    code: 'G',
  }));
  const row = (pupil: ReportPupil) => ({
    pupil,
    status: 'met',
    window: { fromWeek: '2025-09-08', toWeek: '2025-09-08' },
    firmSessions: sessions,
    pendingSessions: [],
  });
  return penaltyNoticeResponseSchema.parse({
    range: AUTUMN_RANGE,
    threshold: { sessions: 10, schoolWeeks: 10 },
    rows: [row(DAN)],
    outsideCompulsorySchoolAge: [row(NELL)],
    split: null,
  });
}

/** A list split by free school meals: 1 of 3 pupils eligible (a small group), none of 30 not. */
const FSM_LIST_SPLIT: ListSplit = {
  key: 'fsm',
  label: 'Free school meals',
  smallGroupMinimum: 6,
  rows: [
    { value: 'yes', label: 'Yes', pupils: 3, listed: 1, suppressed: true },
    { value: 'no', label: 'No', pupils: 30, listed: 0, suppressed: false },
  ],
};

/** The penalty-notice list split by free school meals: Dan is the eligible pupil on it. */
export function splitPenaltyNoticeAnswer(): PenaltyNoticeResponse {
  return penaltyNoticeResponseSchema.parse({ ...penaltyNoticeAnswer(), split: FSM_LIST_SPLIT });
}

/** An empty lateness list, split by free school meals when `split`. */
export function latenessAnswer(split: boolean): LatenessResponse {
  return latenessResponseSchema.parse({
    range: AUTUMN_RANGE,
    policy: { letterCount: 4, escalation: { lates: 6, schoolWeeks: 12 } },
    rows: [],
    split: split ? FSM_LIST_SPLIT : null,
  });
}

/** No duty alerts, split by free school meals when `split`. */
export function dutyAlertsAnswer(split: boolean): DutyAlertsResponse {
  return dutyAlertsResponseSchema.parse({
    range: AUTUMN_RANGE,
    reviewedOn: AUTUMN_RANGE.from,
    alerts: [],
    split: split ? FSM_LIST_SPLIT : null,
  });
}

export interface RecordedCall {
  readonly url: URL;
  readonly init: RequestInit;
}

/**
 * A fetch that answers report paths with JSON (or CSV text for `format=csv`), records every call
 * and sees the abort signal, as the browser's fetch would.
 */
export function reportsFetch(answers: {
  readonly json: (path: string) => unknown;
  readonly csv?: (path: string) => string;
}): { fetch: (url: string, init: RequestInit) => Promise<Response>; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    fetch: (url, init) => {
      const parsed = new URL(url, 'http://tickmark.test');
      calls.push({ url: parsed, init });
      if (parsed.searchParams.get('format') === 'csv') {
        return Promise.resolve(
          new Response(answers.csv?.(parsed.pathname) ?? '', {
            status: 200,
            headers: { 'Content-Type': 'text/csv' },
          }),
        );
      }
      return Promise.resolve(
        new Response(JSON.stringify(answers.json(parsed.pathname)), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    },
  };
}
