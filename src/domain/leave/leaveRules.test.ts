import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import {
  brokenLeaveRules,
  DEFAULT_LEAVE_RULES,
  leaveSessions,
  type LeaveFacts,
  type LeaveRuleId,
  type LeaveRules,
} from './leaveRules';

const d = localDate;
const school = testSchool();
const rules: LeaveRules = {
  ...DEFAULT_LEAVE_RULES,
  blackouts: [{ name: 'KS2 tests week', from: d('2025-05-12'), to: d('2025-05-15') }],
};
const good = { attended: 190, possible: 200 }; // 95 %

function facts(requestedOn: string, from: string, to: string, attendance = good): LeaveFacts {
  return { requestedOn: d(requestedOn), from: d(from), to: d(to), attendance };
}

describe('brokenLeaveRules', () => {
  it.each<[string, LeaveFacts, LeaveRules, LeaveRuleId[]]>([
    ['well ahead, outside every rule', facts('2025-03-03', '2025-03-24', '2025-03-28'), rules, []],
    // 10 school days after Monday 3 March is Monday 17 March.
    ['exactly the notice', facts('2025-03-03', '2025-03-17', '2025-03-18'), rules, []],
    [
      'a day short of the notice',
      facts('2025-03-03', '2025-03-14', '2025-03-18'),
      rules,
      ['notice'],
    ],
    [
      'notice counts school days: the Easter holiday does not count',
      facts('2025-04-01', '2025-04-23', '2025-04-25'),
      rules,
      ['notice'],
    ],
    [
      'no notice rule',
      facts('2025-03-03', '2025-03-04', '2025-03-04'),
      { ...rules, noticeSchoolDays: 0 },
      [],
    ],
    [
      'an autumn term not yet in the calendar is no reason',
      facts('2025-07-01', '2025-09-10', '2025-09-12'),
      { ...rules, autumnStartSchoolDays: 10 },
      [],
    ],
    [
      'touching the first school days of autumn 2024',
      facts('2024-07-01', '2024-09-12', '2024-09-20'),
      rules,
      ['autumn_start'],
    ],
    [
      'the eleventh school day of autumn is after the rule',
      facts('2024-07-01', '2024-09-16', '2024-09-20'),
      rules,
      [],
    ],
    [
      'the autumn rule turned off',
      facts('2024-07-01', '2024-09-02', '2024-09-06'),
      { ...rules, autumnStartSchoolDays: 0 },
      [],
    ],
    [
      'one day inside the tests week',
      facts('2025-03-03', '2025-05-15', '2025-05-16'),
      rules,
      ['blackout'],
    ],
    ['the day after the tests week', facts('2025-03-03', '2025-05-16', '2025-05-16'), rules, []],
    [
      'attendance below 90 %',
      facts('2025-03-03', '2025-03-24', '2025-03-24', { attended: 179, possible: 200 }),
      rules,
      ['attendance'],
    ],
    [
      'attendance exactly 90 %',
      facts('2025-03-03', '2025-03-24', '2025-03-24', { attended: 180, possible: 200 }),
      rules,
      [],
    ],
    [
      'no sessions yet: attendance is no reason',
      facts('2025-03-03', '2025-03-24', '2025-03-24', { attended: 0, possible: 0 }),
      rules,
      [],
    ],
    [
      'no attendance rule',
      facts('2025-03-03', '2025-03-24', '2025-03-24', { attended: 10, possible: 200 }),
      { ...rules, minAttendancePercent: null },
      [],
    ],
    [
      'several at once, in order',
      facts('2025-05-06', '2025-05-12', '2025-05-13', { attended: 100, possible: 200 }),
      rules,
      ['notice', 'blackout', 'attendance'],
    ],
  ])('%s', (_name, f, r, expected) => {
    expect(brokenLeaveRules(school, r, f).map((b) => b.rule)).toEqual(expected);
  });

  it('says what was broken in plain words', () => {
    const broken = brokenLeaveRules(
      school,
      rules,
      facts('2025-05-06', '2025-05-12', '2025-05-13', { attended: 170, possible: 200 }),
    );
    expect(broken.map((b) => b.message)).toEqual([
      'Requested on 6 May 2025, less than 10 school days before the leave (the earliest first day with that notice is 20 May 2025).',
      'Falls in KS2 tests week (12 May 2025 to 15 May 2025), when leave is not granted.',
      'Attendance this school year is 85.0 % (170 of 200 sessions), below the 90 % the school asks for.',
    ]);
  });
});

describe('leaveSessions', () => {
  const withInset = testSchool({ closures: [closure('INSET', '2025-03-19')] });
  it.each<[string, string, 'AM' | 'PM', string, 'AM' | 'PM', string[]]>([
    ['one morning', '2025-03-17', 'AM', '2025-03-17', 'AM', ['2025-03-17:AM']],
    ['one afternoon', '2025-03-17', 'PM', '2025-03-17', 'PM', ['2025-03-17:PM']],
    [
      'Monday afternoon to Tuesday morning',
      '2025-03-17',
      'PM',
      '2025-03-18',
      'AM',
      ['2025-03-17:PM', '2025-03-18:AM'],
    ],
    [
      'over the weekend, skipping the INSET day',
      '2025-03-18',
      'PM',
      '2025-03-24',
      'AM',
      [
        '2025-03-18:PM',
        '2025-03-20:AM',
        '2025-03-20:PM',
        '2025-03-21:AM',
        '2025-03-21:PM',
        '2025-03-24:AM',
      ],
    ],
    ['a holiday has none', '2025-04-07', 'AM', '2025-04-11', 'PM', []],
  ])('%s', (_name, fromDate, fromPart, toDate, toPart, expected) => {
    expect(
      leaveSessions(
        withInset,
        { date: d(fromDate), part: fromPart },
        { date: d(toDate), part: toPart },
      ).map((s) => `${s.date}:${s.part}`),
    ).toEqual(expected);
  });
});
