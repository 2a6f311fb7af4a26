import { describe, expect, it } from 'vitest';
import { testSchool } from '../calendar/testSchool.fixture';
import type { StatEntry } from '../stats/statEntry';
import { addDays, isoWeekday, localDate } from '../time/localDate';
import {
  admissionNotice,
  deletionNotice,
  missingReasonOf,
  unauthorisedRuns,
  unauthorisedSessions,
  yearGroupSpan,
  type LaRollPupil,
} from './laLists';

const school = testSchool();
const span = { youngest: 'R', oldest: '6' } as const;

const pupil = (patch: Partial<LaRollPupil> = {}): LaRollPupil => ({
  id: 'p1',
  onRollFrom: localDate('2024-11-11'),
  onRollTo: null,
  leavingGrounds: null,
  yearGroup: '3',
  ...patch,
});

const e = (date: string, part: 'AM' | 'PM', code: string): StatEntry => ({
  pupilId: 'p1',
  date: localDate(date),
  part,
  code,
});

/** `days` school days from Monday `monday`, both sessions marked `code` (weekends skipped). */
function days(monday: string, count: number, code: string): StatEntry[] {
  const out: StatEntry[] = [];
  let d = localDate(monday);
  for (let n = 0; n < count; d = addDays(d, 1)) {
    if (isoWeekday(d) > 5) continue;
    out.push(e(d, 'AM', code), e(d, 'PM', code));
    n += 1;
  }
  return out;
}

describe('admissions: the authority hears within five school days', () => {
  it.each([
    ['mid-year, Monday 11 November', pupil(), { required: true, dueBy: '2024-11-18' }],
    [
      'over half-term, Thursday 24 October',
      pupil({ onRollFrom: localDate('2024-10-24') }),
      { required: true, dueBy: '2024-11-07' },
    ],
    [
      'the youngest year on the first day of the year',
      pupil({ onRollFrom: localDate('2024-09-02'), yearGroup: 'R' }),
      { required: false },
    ],
    [
      'another year on the first day of the year',
      pupil({ onRollFrom: localDate('2024-09-02'), yearGroup: '4' }),
      { required: true, dueBy: '2024-09-09' },
    ],
  ] as const)('%s', (_what, p, expected) => {
    expect(admissionNotice(p, school, span)).toMatchObject(expected);
  });
});

describe('deletions: no later than the deletion, except at a standard transition', () => {
  it.each([
    ['on roll', pupil(), null],
    [
      'left mid-year',
      pupil({ onRollTo: localDate('2025-02-07'), leavingGrounds: 'registered_elsewhere' }),
      { required: true, dueBy: '2025-02-07' },
    ],
    [
      'finished the oldest year',
      pupil({ onRollTo: localDate('2025-07-22'), yearGroup: '6' }),
      { required: false },
    ],
    [
      'left the oldest year before its end',
      pupil({ onRollTo: localDate('2025-05-02'), yearGroup: '6' }),
      { required: true, dueBy: '2025-05-02' },
    ],
  ] as const)('%s', (_what, p, expected) => {
    const notice = deletionNotice(p, school, span);
    if (expected === null) expect(notice).toBeNull();
    else expect(notice).toMatchObject(expected);
  });
});

describe('unauthorised absence and its runs', () => {
  it('counts unauthorised sessions only', () => {
    expect(
      unauthorisedSessions([
        e('2024-11-11', 'AM', 'O'),
        e('2024-11-11', 'PM', 'I'),
        e('2024-11-12', 'AM', 'U'),
        e('2024-11-12', 'PM', 'N'),
      ]),
    ).toBe(3);
  });

  it.each([
    ['19 days away, not yet a run', days('2024-11-11', 19, 'O'), []],
    ['20 days away and still away', days('2024-11-11', 20, 'G'), [[40, true]]],
    [
      '20 days away, then back',
      [...days('2024-11-11', 20, 'O'), ...days('2024-12-09', 1, '/')],
      [[40, false]],
    ],
    [
      'an authorised day breaks the run',
      [
        ...days('2024-11-11', 10, 'O'),
        ...days('2024-11-25', 1, 'I'),
        ...days('2024-11-26', 10, 'O'),
      ],
      [],
    ],
    [
      'a closure day neither breaks nor counts',
      [
        ...days('2024-11-11', 10, 'O'),
        ...days('2024-11-25', 1, '#'),
        ...days('2024-11-26', 10, 'O'),
      ],
      [[40, true]],
    ],
  ] as const)('%s', (_what, entries, expected) => {
    expect(unauthorisedRuns(entries, 40).map((r) => [r.sessions, r.ongoing])).toEqual(expected);
  });
});

describe('children missing education', () => {
  const ongoing = unauthorisedRuns(days('2024-11-11', 20, 'O'), 40);
  it.each([
    [
      'deleted as missing',
      pupil({ onRollTo: localDate('2025-01-10'), leavingGrounds: 'missing' }),
      [],
      'deleted-missing',
    ],
    [
      'moved away, no school known',
      pupil({ onRollTo: localDate('2025-01-10'), leavingGrounds: 'moved_away' }),
      [],
      'deleted-moved-away',
    ],
    [
      'registered elsewhere',
      pupil({ onRollTo: localDate('2025-01-10'), leavingGrounds: 'registered_elsewhere' }),
      [],
      null,
    ],
    ['on roll and away 20 days', pupil(), ongoing, 'absent-20-days'],
    ['on roll and attending', pupil(), [], null],
  ] as const)('%s', (_what, p, runs, expected) => {
    expect(missingReasonOf(p, runs)).toBe(expected);
  });
});

it('finds the school’s youngest and oldest year groups', () => {
  expect(yearGroupSpan(['3', 'R', '6', 'N2', '1'])).toEqual({ youngest: 'N2', oldest: '6' });
  expect(yearGroupSpan([])).toBeNull();
});
