/**
 * A small builder for SchoolConfig values in tests: an English primary school with the 2024/25
 * terms (autumn half-term 28 Oct – 1 Nov 2024, Easter 7–21 Apr 2025…), the real bank holidays,
 * DfE default thresholds and no closures. Tests override only what they are about.
 */
import type {
  Closure,
  SchoolConfig,
  SessionPart,
  Thresholds,
  YearGroup,
} from '../config/schoolConfig';
import { CODE_STRINGS_2024 } from '../codes/attendanceCodes';
import { localDate } from '../time/localDate';
import { wallTime } from '../time/wallTime';

const term = (name: string, start: string, end: string) => ({
  name,
  start: localDate(start),
  end: localDate(end),
});

export const TERMS_2024_25 = [
  term('Autumn 1', '2024-09-02', '2024-10-25'),
  term('Autumn 2', '2024-11-04', '2024-12-20'),
  term('Spring 1', '2025-01-06', '2025-02-14'),
  term('Spring 2', '2025-02-24', '2025-04-04'),
  term('Summer 1', '2025-04-22', '2025-05-23'),
  term('Summer 2', '2025-06-02', '2025-07-22'),
];

export const TERMS_2025_26_AUTUMN = [
  term('Autumn 1 2025', '2025-09-03', '2025-10-24'),
  term('Autumn 2 2025', '2025-11-03', '2025-12-19'),
];

/** England and Wales bank holidays from August 2024 to December 2025. */
export const BANK_HOLIDAYS = [
  '2024-08-26',
  '2024-12-25',
  '2024-12-26',
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
].map(localDate);

export function testThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  return {
    persistentAbsencePercent: 10,
    severeAbsencePercent: 50,
    atRiskBands: [],
    attendanceTargetPercent: 96,
    latenessLetterCount: 4,
    latenessEscalation: { lates: 6, schoolWeeks: 12 },
    penaltyNotice: { sessions: 10, schoolWeeks: 10 },
    nResolveSchoolDays: 5,
    localAuthority: { unauthorisedSessions: 20, illnessSessions: 30 },
    certificatePercents: [100, 98],
    smallGroupMinimum: 6,
    ...overrides,
  };
}

/** A planned closure; whole day and whole school unless told otherwise. */
export function closure(
  name: string,
  from: string,
  to: string = from,
  options: { parts?: readonly SessionPart[]; yearGroups?: readonly YearGroup[] } = {},
): Closure {
  return {
    name,
    from: localDate(from),
    to: localDate(to),
    parts: options.parts ?? ['AM', 'PM'],
    yearGroups: options.yearGroups ?? null,
  };
}

export function testSchool(overrides: Partial<SchoolConfig> = {}): SchoolConfig {
  return {
    id: 'test-primary',
    name: 'Test Primary School',
    dfeNumber: null,
    timeZone: 'Europe/London',
    sessions: {
      AM: { start: wallTime('08:45'), registerCloses: wallTime('09:15') },
      PM: { start: wallTime('13:15'), registerCloses: wallTime('13:30') },
    },
    sessionOverrides: [],
    terms: TERMS_2024_25,
    closures: [],
    bankHolidays: BANK_HOLIDAYS,
    thresholds: testThresholds(),
    schoolDayHours: 6.5,
    roleCodes: {
      teacher: ['/', '\\', 'L', 'U', 'N'],
      office: CODE_STRINGS_2024,
      attendance_lead: CODE_STRINGS_2024,
      admin: CODE_STRINGS_2024,
    },
    ...overrides,
  };
}
