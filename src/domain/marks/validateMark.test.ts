import { describe, expect, it } from 'vitest';
import { CODE_STRINGS_2024, CODES_2006 } from '../codes/attendanceCodes';
import type { Role, SchoolConfig } from '../config/schoolConfig';
import { localDate } from '../time/localDate';
import { wallTime } from '../time/wallTime';
import type { EntryHead } from './decideEvent';
import type { MarkEvent } from './markEvent';
import type { MarkRuleViolationCode, ValidateMarkInput } from './validateMark';
import { REASON_MAX_LENGTH, validateMark } from './validateMark';

const everyCode = [...new Set([...CODE_STRINGS_2024, ...CODES_2006.map((c) => c.code)])];

const school: SchoolConfig = {
  id: 'school-1',
  name: 'Millbrook Primary',
  dfeNumber: null,
  timeZone: 'Europe/London',
  sessions: {
    AM: { start: wallTime('08:45'), registerCloses: wallTime('09:15') },
    PM: { start: wallTime('13:15'), registerCloses: wallTime('13:30') },
  },
  sessionOverrides: [],
  terms: [],
  closures: [],
  bankHolidays: [],
  thresholds: {
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
  },
  schoolDayHours: 6.5,
  roleCodes: {
    teacher: ['/', '\\', 'L', 'U', 'N', 'V', 'P', 'B', 'W', 'K'],
    office: CODE_STRINGS_2024,
    attendance_lead: CODE_STRINGS_2024,
    // History import: admins may enter the 2006 codes too, for sessions before 19 August 2024.
    admin: everyCode,
  },
};

const AFTER = '2025-03-04';
const BEFORE = '2023-11-14';

interface Spec {
  code: string;
  role?: Role;
  date?: string;
  minutesLate?: number | null;
  reason?: string | null;
}

function event(spec: Spec): MarkEvent {
  const role = spec.role ?? 'teacher';
  return {
    eventId: 'e2',
    pupilId: 'p1',
    session: { date: localDate(spec.date ?? AFTER), part: 'AM' },
    code: spec.code,
    minutesLate: spec.minutesLate ?? null,
    arrivedAt: null,
    reason: spec.reason ?? null,
    baseEventId: 'e1',
    actor: { staffId: `staff-${role}`, name: `A ${role}`, role },
    deviceId: 'd1',
    recordedAt: '2025-03-04T09:30:00.000Z',
  };
}

const headOf = (code: string, minutesLate: number | null = null): EntryHead => ({
  headEventId: 'e1',
  code,
  minutesLate,
  headRole: 'teacher',
});

function check(spec: Spec, head: EntryHead | null = null, registerClosed = false) {
  const input: ValidateMarkInput = { event: event(spec), head, school, registerClosed };
  return validateMark(input);
}

const codesOf = (result: ReturnType<typeof check>): MarkRuleViolationCode[] =>
  result.ok ? [] : result.errors.map((e) => e.code);

describe('validateMark: codes', () => {
  it.each<[string, Spec, MarkRuleViolationCode[]]>([
    ['a current code', { code: 'N' }, []],
    ['a two-character 2024 code', { code: 'K' }, []],
    ['an unknown code', { code: 'Q7' }, ['unknown_code']],
    ['lower case is a different code', { code: 'n' }, ['unknown_code']],
    ['the empty string', { code: '' }, ['unknown_code']],
    ['H after 19 August 2024', { code: 'H', role: 'admin' }, ['code_withdrawn']],
    ['F after 19 August 2024', { code: 'F', role: 'admin' }, ['code_withdrawn']],
    ['J after 19 August 2024', { code: 'J', role: 'admin' }, ['code_withdrawn']],
    ['Y after 19 August 2024', { code: 'Y', role: 'admin' }, ['code_withdrawn']],
    ['X-COVID after 19 August 2024', { code: 'X-COVID', role: 'admin' }, ['code_withdrawn']],
    [
      'H on 19 August 2024 itself',
      { code: 'H', role: 'admin', date: '2024-08-19' },
      ['code_withdrawn'],
    ],
    ['H on 18 August 2024', { code: 'H', role: 'admin', date: '2024-08-18' }, []],
    ['J before 2024', { code: 'J', role: 'admin', date: BEFORE }, []],
    ['K before 2024', { code: 'K', role: 'admin', date: BEFORE }, ['code_not_yet_in_force']],
    ['C1 before 2024', { code: 'C1', role: 'admin', date: BEFORE }, ['code_not_yet_in_force']],
    ['C2 before 2024', { code: 'C2', role: 'admin', date: BEFORE }, ['code_not_yet_in_force']],
    ['J1 before 2024', { code: 'J1', role: 'admin', date: BEFORE }, ['code_not_yet_in_force']],
    ['Q before 2024', { code: 'Q', role: 'admin', date: BEFORE }, ['code_not_yet_in_force']],
    ...(['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7'].map((y) => [
      `${y} before 2024`,
      { code: y, role: 'admin', date: BEFORE },
      ['code_not_yet_in_force'],
    ]) as [string, Spec, MarkRuleViolationCode[]][]),
    [
      'K on 18 August 2024',
      { code: 'K', role: 'admin', date: '2024-08-18' },
      ['code_not_yet_in_force'],
    ],
    ['K on 19 August 2024', { code: 'K', role: 'admin', date: '2024-08-19' }, []],
    ['a teacher entering C', { code: 'C', role: 'teacher' }, ['code_not_allowed_for_role']],
    ['a teacher entering I', { code: 'I', role: 'teacher' }, ['code_not_allowed_for_role']],
    ['office entering C', { code: 'C', role: 'office' }, []],
    [
      'office entering a 2006 code for an old session',
      { code: 'H', role: 'office', date: BEFORE },
      ['code_not_allowed_for_role'],
    ],
    ['role check skipped for an unknown code', { code: 'ZZ', role: 'teacher' }, ['unknown_code']],
  ])('%s', (_why, spec, expected) => {
    expect(codesOf(check(spec))).toEqual(expected);
  });

  it.each([
    ['H', "'H' was withdrawn on 19 August 2024; use C for leave in exceptional circumstances"],
    ['J', "'J' was withdrawn on 19 August 2024; use J1 for leave for an interview"],
    [
      'Y',
      "'Y' was withdrawn on 19 August 2024; use one of Y1 to Y7 for the reason the pupil could not attend",
    ],
  ])('explains what to use instead of %s', (code, message) => {
    const result = check({ code, role: 'admin' });
    expect(result.ok ? [] : result.errors).toEqual([
      { code: 'code_withdrawn', field: 'code', message },
    ]);
  });

  it('explains that a 2024 code did not exist on an earlier date', () => {
    const result = check({ code: 'J1', role: 'admin', date: BEFORE });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      "'J1' came into use on 19 August 2024, after this session (14 November 2023); use J for an interview",
    ]);
  });

  it('names the role and the school when a role may not enter a code', () => {
    const result = check({ code: 'C' });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        code: 'code_not_allowed_for_role',
        field: 'code',
        message: "A teacher may not enter 'C' at Millbrook Primary",
      },
    ]);
  });

  it('says plainly that an unknown code is not a code', () => {
    const result = check({ code: 'Q7' });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      "'Q7' is not an attendance code",
    ]);
  });
});

describe('validateMark: minutes late', () => {
  it.each<[string, Spec, MarkRuleViolationCode[]]>([
    ['L with minutes', { code: 'L', minutesLate: 7 }, []],
    ['U with minutes', { code: 'U', minutesLate: 45 }, []],
    ['U with 0 minutes', { code: 'U', minutesLate: 0 }, []],
    ['L without minutes (history import)', { code: 'L' }, []],
    ['present with minutes', { code: '/', minutesLate: 5 }, ['minutes_late_not_allowed']],
    ['N with minutes', { code: 'N', minutesLate: 1 }, ['minutes_late_not_allowed']],
    ['L with negative minutes', { code: 'L', minutesLate: -1 }, ['minutes_late_invalid']],
    ['L with fractional minutes', { code: 'L', minutesLate: 2.5 }, ['minutes_late_invalid']],
    ['L with NaN minutes', { code: 'L', minutesLate: Number.NaN }, ['minutes_late_invalid']],
    ['L with infinite minutes', { code: 'L', minutesLate: Infinity }, ['minutes_late_invalid']],
    ['minutes with an unknown code', { code: 'ZZ', minutesLate: 5 }, ['unknown_code']],
  ])('%s', (_why, spec, expected) => {
    expect(codesOf(check(spec))).toEqual(expected);
  });

  it('says which codes take minutes late', () => {
    const result = check({ code: '/', minutesLate: 5 });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        code: 'minutes_late_not_allowed',
        field: 'minutesLate',
        message: "Minutes late can only be recorded with L or U, not with '/'",
      },
    ]);
  });
});

describe('validateMark: reasons for amendments', () => {
  it.each<[string, Spec, EntryHead | null, boolean, MarkRuleViolationCode[]]>([
    // The original entry never needs a reason.
    ['original entry by a teacher', { code: 'N' }, null, true, []],
    ['original entry by the office', { code: 'I', role: 'office' }, null, true, []],
    // A teacher corrects their register freely while it is open.
    ['teacher amends, register open', { code: 'L', minutesLate: 3 }, headOf('N'), false, []],
    [
      'teacher amends, register closed',
      { code: 'U', minutesLate: 40 },
      headOf('N'),
      true,
      ['reason_required'],
    ],
    [
      'teacher amends, register closed, with reason',
      { code: 'U', minutesLate: 40, reason: 'Signed in at office' },
      headOf('N'),
      true,
      [],
    ],
    [
      'teacher changes only minutes late, closed',
      { code: 'L', minutesLate: 9 },
      headOf('L', 4),
      true,
      ['reason_required'],
    ],
    // Office, attendance lead and admin always need a reason to amend.
    [
      'office amends, register open',
      { code: 'I', role: 'office' },
      headOf('N'),
      false,
      ['reason_required'],
    ],
    [
      'office amends, register closed',
      { code: 'I', role: 'office' },
      headOf('N'),
      true,
      ['reason_required'],
    ],
    [
      'attendance lead amends',
      { code: 'M', role: 'attendance_lead' },
      headOf('N'),
      false,
      ['reason_required'],
    ],
    ['admin amends', { code: 'C', role: 'admin' }, headOf('N'), false, ['reason_required']],
    [
      'office changes only minutes late',
      { code: 'L', minutesLate: 15, role: 'office' },
      headOf('L', 5),
      false,
      ['reason_required'],
    ],
    [
      'office amends with a reason',
      { code: 'I', role: 'office', reason: 'Mother phoned' },
      headOf('N'),
      false,
      [],
    ],
    ['office confirms the same value', { code: 'N', role: 'office' }, headOf('N'), true, []],
    // A reason of only whitespace is no reason.
    [
      'office amends, reason all spaces',
      { code: 'I', role: 'office', reason: '   ' },
      headOf('N'),
      false,
      ['reason_required'],
    ],
    [
      'office amends, reason empty',
      { code: 'I', role: 'office', reason: '' },
      headOf('N'),
      false,
      ['reason_required'],
    ],
    [
      'office amends, reason tabs and newlines',
      { code: 'I', role: 'office', reason: '\t\n ' },
      headOf('N'),
      false,
      ['reason_required'],
    ],
    // Length.
    [
      'a reason of the maximum length',
      { code: 'I', role: 'office', reason: 'x'.repeat(REASON_MAX_LENGTH) },
      headOf('N'),
      false,
      [],
    ],
    [
      'a reason one character too long',
      { code: 'I', role: 'office', reason: 'x'.repeat(REASON_MAX_LENGTH + 1) },
      headOf('N'),
      false,
      ['reason_too_long'],
    ],
    [
      'a too-long reason on an original entry',
      { code: 'N', reason: 'x'.repeat(REASON_MAX_LENGTH + 1) },
      null,
      false,
      ['reason_too_long'],
    ],
  ])('%s', (_why, spec, head, registerClosed, expected) => {
    expect(codesOf(check(spec, head, registerClosed))).toEqual(expected);
  });

  it('tells office staff what they are changing and why a reason is needed', () => {
    const result = check({ code: 'I', role: 'office' }, headOf('N'));
    expect(result.ok ? [] : result.errors).toEqual([
      {
        code: 'reason_required',
        field: 'reason',
        message: "Give a reason for changing 'N' to 'I': every amendment is kept with its reason",
      },
    ]);
  });

  it('tells a teacher the register has closed', () => {
    const result = check({ code: 'U', minutesLate: 40 }, headOf('L', 1), true);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      "The register has closed, so give a reason for changing 'L' (1 minute late) to 'U' (40 minutes late)",
    ]);
  });
});

describe('validateMark: several problems at once', () => {
  it('reports every violation, not only the first', () => {
    const result = check({ code: 'C', minutesLate: 5, reason: ' ' }, headOf('N'), true);
    expect(codesOf(result)).toEqual([
      'code_not_allowed_for_role',
      'minutes_late_not_allowed',
      'reason_required',
    ]);
  });

  it('accepts a valid mark', () => {
    expect(check({ code: 'L', minutesLate: 4 })).toEqual({ ok: true, value: undefined });
  });
});
