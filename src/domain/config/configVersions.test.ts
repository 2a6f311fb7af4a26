import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import { wallTime } from '../time/wallTime';
import { describeRulesChange } from './configChanges';
import {
  effectiveDateProblem,
  parseRulesOver,
  rawConfigOn,
  rulesOf,
  versionInForce,
  writtenRules,
  type RawRules,
  type RulesVersion,
} from './configVersions';
import { parseSchoolConfig } from './parseConfig';
import type { SchoolConfig } from './schoolConfig';

const AM = { start: '08:45', registerCloses: '09:15' };
const PM = { start: '13:00', registerCloses: '13:15' };
const BASE = {
  id: 'oak',
  name: 'Oak Primary',
  sessions: { AM, PM },
  terms: [{ name: 'Autumn', start: '2025-09-03', end: '2025-12-19' }],
};

function parsedOver(rules: RawRules): SchoolConfig {
  const parsed = parseRulesOver(BASE, rules);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const version = (n: number, from: string, rules: RawRules): RulesVersion => ({
  version: n,
  effectiveFrom: localDate(from),
  rules,
});

/** Every versioned setting: one valid change, and one invalid with the path and message shown. */
const FIELDS: readonly {
  field: string;
  valid: RawRules;
  check: (c: SchoolConfig) => unknown;
  expected: unknown;
  invalid: RawRules;
  path: string;
  message: string;
}[] = [
  {
    field: 'morning start',
    valid: { sessions: { AM: { start: '08:40', registerCloses: '09:10' }, PM } },
    check: (c) => c.sessions.AM.start,
    expected: wallTime('08:40'),
    invalid: { sessions: { AM: { start: '8.40', registerCloses: '09:10' }, PM } },
    path: 'sessions.AM.start',
    message: '"8.40" is not a time (HH:MM)',
  },
  {
    field: 'morning register close',
    valid: { sessions: { AM: { start: '08:45', registerCloses: '09:05' }, PM } },
    check: (c) => c.sessions.AM.registerCloses,
    expected: wallTime('09:05'),
    invalid: { sessions: { AM: { start: '08:45', registerCloses: '08:30' }, PM } },
    path: 'sessions.AM.registerCloses',
    message: '"08:30" must be after the start time "08:45"',
  },
  {
    field: 'afternoon times',
    valid: { sessions: { AM, PM: { start: '13:10', registerCloses: '13:25' } } },
    check: (c) => c.sessions.PM.start,
    expected: wallTime('13:10'),
    invalid: { sessions: { AM, PM: { start: '13:10', registerCloses: '25:00' } } },
    path: 'sessions.PM.registerCloses',
    message: '"25:00" is not a time (HH:MM)',
  },
  {
    field: 'an override by key stage',
    valid: { sessions: { AM, PM }, sessionOverrides: [{ keyStage: 'KS2', PM: PM }] },
    check: (c) => c.sessionOverrides[0]?.scope,
    expected: { kind: 'keyStage', keyStage: 'KS2' },
    invalid: { sessions: { AM, PM }, sessionOverrides: [{ keyStage: 'KS9', PM: PM }] },
    path: 'sessionOverrides[0].keyStage',
    message: "'KS9' is not one of EYFS, KS1, KS2, KS3, KS4, KS5",
  },
  {
    field: 'an override by year group',
    valid: { sessions: { AM, PM }, sessionOverrides: [{ yearGroup: '3', AM }] },
    check: (c) => c.sessionOverrides[0]?.scope,
    expected: { kind: 'yearGroup', yearGroup: '3' },
    invalid: { sessions: { AM, PM }, sessionOverrides: [{ yearGroup: 'Year 3', AM }] },
    path: 'sessionOverrides[0].yearGroup',
    message: "'Year 3' is not one of N1, N2, R, 1–13",
  },
  {
    field: 'an override by class',
    valid: { sessions: { AM, PM }, sessionOverrides: [{ groupId: 'g-1', AM }] },
    check: (c) => c.sessionOverrides[0]?.scope,
    expected: { kind: 'group', groupId: 'g-1' },
    invalid: { sessions: { AM, PM }, sessionOverrides: [{ groupId: 'g-1' }] },
    path: 'sessionOverrides[0]',
    message: 'give AM or PM times, or both',
  },
  {
    field: 'persistent absence',
    valid: { sessions: { AM, PM }, thresholds: { persistentAbsencePercent: 12 } },
    check: (c) => c.thresholds.persistentAbsencePercent,
    expected: 12,
    invalid: { sessions: { AM, PM }, thresholds: { persistentAbsencePercent: 120 } },
    path: 'thresholds.persistentAbsencePercent',
    message: 'must be a percentage from 0 to 100, got 120',
  },
  {
    field: 'severe absence',
    valid: { sessions: { AM, PM }, thresholds: { severeAbsencePercent: 40 } },
    check: (c) => c.thresholds.severeAbsencePercent,
    expected: 40,
    invalid: { sessions: { AM, PM }, thresholds: { severeAbsencePercent: 5 } },
    path: 'thresholds.severeAbsencePercent',
    message: 'must be at least the persistent-absence threshold (10), got 5',
  },
  {
    field: 'at-risk bands',
    valid: {
      sessions: { AM, PM },
      thresholds: { atRiskBands: [{ name: 'Watch', minAbsencePercent: 4 }] },
    },
    check: (c) => c.thresholds.atRiskBands,
    expected: [{ name: 'Watch', minAbsencePercent: 4 }],
    invalid: {
      sessions: { AM, PM },
      thresholds: {
        atRiskBands: [
          { name: 'Watch', minAbsencePercent: 8 },
          { name: 'Concern', minAbsencePercent: 6 },
        ],
      },
    },
    path: 'thresholds.atRiskBands[1].minAbsencePercent',
    message: "bands must go up in order: 'Concern' (6%) comes after 'Watch' (8%)",
  },
  {
    field: 'attendance target',
    valid: { sessions: { AM, PM }, thresholds: { attendanceTargetPercent: 95 } },
    check: (c) => c.thresholds.attendanceTargetPercent,
    expected: 95,
    invalid: { sessions: { AM, PM }, thresholds: { attendanceTargetPercent: -1 } },
    path: 'thresholds.attendanceTargetPercent',
    message: 'must be a percentage from 0 to 100, got -1',
  },
  {
    field: 'lateness letter',
    valid: { sessions: { AM, PM }, thresholds: { latenessLetterCount: 3 } },
    check: (c) => c.thresholds.latenessLetterCount,
    expected: 3,
    invalid: { sessions: { AM, PM }, thresholds: { latenessLetterCount: 2.5 } },
    path: 'thresholds.latenessLetterCount',
    message: 'must be a whole number, 1 or more, got 2.5',
  },
  {
    field: 'lateness escalation',
    valid: {
      sessions: { AM, PM },
      thresholds: { latenessEscalation: { lates: 5, schoolWeeks: 6 } },
    },
    check: (c) => c.thresholds.latenessEscalation,
    expected: { lates: 5, schoolWeeks: 6 },
    invalid: {
      sessions: { AM, PM },
      thresholds: { latenessEscalation: { lates: 5, schoolWeeks: 0 } },
    },
    path: 'thresholds.latenessEscalation.schoolWeeks',
    message: 'must be a whole number, 1 or more, got 0',
  },
  {
    field: 'penalty-notice rule',
    valid: {
      sessions: { AM, PM },
      thresholds: { penaltyNotice: { sessions: 8, schoolWeeks: 10 } },
    },
    check: (c) => c.thresholds.penaltyNotice,
    expected: { sessions: 8, schoolWeeks: 10 },
    invalid: { sessions: { AM, PM }, thresholds: { penaltyNotice: { sessions: 'ten' } } },
    path: 'thresholds.penaltyNotice.sessions',
    message: 'expected a number, got the text "ten"',
  },
  {
    field: 'days to resolve N',
    valid: { sessions: { AM, PM }, thresholds: { nResolveSchoolDays: 3 } },
    check: (c) => c.thresholds.nResolveSchoolDays,
    expected: 3,
    invalid: { sessions: { AM, PM }, thresholds: { nResolveSchoolDays: 0 } },
    path: 'thresholds.nResolveSchoolDays',
    message: 'must be a whole number, 1 or more, got 0',
  },
  {
    field: "the local authority's duty thresholds",
    valid: {
      sessions: { AM, PM },
      thresholds: { localAuthority: { unauthorisedSessions: 16, illnessSessions: 20 } },
    },
    check: (c) => c.thresholds.localAuthority,
    expected: { unauthorisedSessions: 16, illnessSessions: 20 },
    invalid: {
      sessions: { AM, PM },
      thresholds: { localAuthority: { unauthorisedSessions: 0 } },
    },
    path: 'thresholds.localAuthority.unauthorisedSessions',
    message: 'must be a whole number, 1 or more, got 0',
  },
  {
    field: 'codes each role may enter',
    valid: { sessions: { AM, PM }, roleCodes: { teacher: ['/', '\\', 'L', 'U', 'N', 'I'] } },
    check: (c) => c.roleCodes.teacher,
    expected: ['/', '\\', 'L', 'U', 'N', 'I'],
    invalid: { sessions: { AM, PM }, roleCodes: { teacher: ['/', 'H'] } },
    path: 'roleCodes.teacher[1]',
    message: "'H' is not a 2024 attendance code",
  },
  {
    field: 'hours in the school day',
    valid: { sessions: { AM, PM }, schoolDayHours: 6 },
    check: (c) => c.schoolDayHours,
    expected: 6,
    invalid: { sessions: { AM, PM }, schoolDayHours: 13 },
    path: 'schoolDayHours',
    message: 'must be a number of hours more than 0 and at most 12, got 13',
  },
];

describe('parseRulesOver: every setting a version holds', () => {
  it.each(FIELDS)('$field: a valid change is taken', ({ valid, check, expected }) => {
    expect(check(parsedOver(valid))).toEqual(expected);
  });

  it.each(FIELDS)(
    '$field: an invalid one is refused at its path with how to fix it',
    ({ invalid, path, message }) => {
      const parsed = parseRulesOver(BASE, invalid);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? [] : parsed.errors).toContainEqual({ path, message });
    },
  );

  it('refuses a setting that is not versioned, naming those that are', () => {
    const parsed = parseRulesOver(BASE, { sessions: { AM, PM }, terms: [] });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      {
        path: '',
        message:
          "'terms' is not a known setting (use sessions, sessionOverrides, thresholds, schoolDayHours, roleCodes)",
      },
    ]);
  });

  it('writes parsed rules out in full, and they parse back to the same configuration', () => {
    const config = parsedOver({
      sessions: { AM, PM },
      sessionOverrides: [
        { yearGroup: '3', AM },
        { groupId: 'g-1', PM },
        { keyStage: 'KS1', AM, PM },
      ],
      thresholds: { atRiskBands: [{ name: 'Watch', minAbsencePercent: 4 }] },
    });
    const written = writtenRules(config);
    expect(written.sessions).toEqual({ AM, PM });
    expect(parsedOver(written)).toEqual(config);
  });

  it('keeps the calendar and identity of the base', () => {
    const config = parsedOver({ sessions: { AM, PM } });
    expect(config.terms).toHaveLength(1);
    expect(config.name).toBe('Oak Primary');
  });
});

describe('versions in force', () => {
  const v1 = version(1, '2025-10-01', { sessions: { AM: { ...AM, registerCloses: '09:05' }, PM } });
  const v2 = version(2, '2025-11-03', { sessions: { AM: { ...AM, registerCloses: '09:00' }, PM } });
  const v3 = version(3, '2025-11-03', { sessions: { AM: { ...AM, registerCloses: '08:55' }, PM } });
  const closesOn = (date: string) => {
    const parsed = parseSchoolConfig(rawConfigOn(BASE, [v3, v1, v2], localDate(date)));
    if (!parsed.ok) throw new Error('did not parse');
    return parsed.value.sessions.AM.registerCloses;
  };

  it("uses the base's rules before the first version, then each version from its day", () => {
    expect(closesOn('2025-09-30')).toBe(wallTime('09:15'));
    expect(closesOn('2025-10-01')).toBe(wallTime('09:05'));
    expect(closesOn('2025-11-02')).toBe(wallTime('09:05'));
    // Two versions for one day: the one saved later holds.
    expect(closesOn('2025-11-03')).toBe(wallTime('08:55'));
    expect(versionInForce([v1, v2, v3], localDate('2025-11-03'))?.version).toBe(3);
    expect(versionInForce([v1], localDate('2025-09-01'))).toBeNull();
  });

  it('takes the versioned settings of a raw configuration as version 0', () => {
    expect(rulesOf({ ...BASE, schoolDayHours: 6 })).toEqual({
      sessions: { AM, PM },
      schoolDayHours: 6,
    });
  });
});

describe('effectiveDateProblem', () => {
  const today = localDate('2025-10-01');
  it('accepts today or later, on or after the latest version', () => {
    expect(effectiveDateProblem(today, today, null)).toBeNull();
    expect(
      effectiveDateProblem(localDate('2025-11-01'), today, localDate('2025-11-01')),
    ).toBeNull();
  });
  it('refuses a day in the past, and a day before the latest version, saying what to choose', () => {
    expect(effectiveDateProblem(localDate('2025-09-30'), today, null)).toEqual({
      path: 'effectiveFrom',
      message:
        '2025-09-30 is in the past: choose today (2025-10-01) or a later day, so marks already made keep the rules they were made under',
    });
    expect(
      effectiveDateProblem(localDate('2025-10-20'), today, localDate('2025-11-01'))?.message,
    ).toBe(
      'a version already takes effect on 2025-11-01: choose that day or a later one (a change for an earlier day would be undone on 2025-11-01)',
    );
  });
});

describe('describeRulesChange', () => {
  it('says what changed in words, one line each', () => {
    const before = parsedOver({ sessions: { AM, PM } });
    const after = parsedOver({
      sessions: { AM: { ...AM, registerCloses: '09:10' }, PM },
      sessionOverrides: [{ yearGroup: '3', PM: { start: '13:10', registerCloses: '13:25' } }],
      thresholds: {
        persistentAbsencePercent: 12,
        penaltyNotice: { sessions: 8 },
        localAuthority: { illnessSessions: 20 },
      },
      schoolDayHours: 6,
      roleCodes: { teacher: ['/', '\\', 'L', 'U', 'N', 'I'] },
    });
    expect(describeRulesChange(before, after)).toEqual([
      'Morning register closes at 09:10 (was 09:15)',
      'Year 3 now has its own times: afternoon 13:10 to 13:25',
      'Persistent absence from 12% (was 10%)',
      'Penalty-notice threshold 8 unauthorised sessions in 10 school weeks (was 10 unauthorised sessions in 10 school weeks)',
      'Sickness return at sessions of illness: 20 (was 30)',
      'Hours in the school day: 6 (was 6.5)',
      'Teachers may now enter I and may no longer enter B V P W K',
    ]);
    expect(describeRulesChange(after, after)).toEqual([]);
  });
});
