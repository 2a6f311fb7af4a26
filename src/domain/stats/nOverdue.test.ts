import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import { overdueN } from './nOverdue';
import { entry } from './statEntries.fixture';

const d = localDate;
const school = testSchool({
  closures: [closure('INSET', '2024-11-04', '2024-11-04', { yearGroups: ['R'] })],
});

describe('overdueN', () => {
  it.each([
    ['2024-09-09', '2024-09-13', null, 'four school days later'],
    ['2024-09-09', '2024-09-16', null, 'the 5th school day after: still on time'],
    ['2024-09-09', '2024-09-17', 6, 'the day after the 5th school day: overdue'],
    ['2024-10-21', '2024-10-30', null, 'half-term does not count'],
    ['2024-10-21', '2024-11-04', null, 'deadline is the first day back'],
    ['2024-10-21', '2024-11-05', 6, 'overdue the day after'],
    ['2024-10-25', '2024-11-08', null, 'from the last day of term'],
    ['2024-10-25', '2024-11-11', 6, 'overdue on the Monday after the deadline Friday'],
    ['2024-09-13', '2024-09-23', 6, 'over a weekend'],
    ['2025-07-21', '2025-07-28', null, 'past the terms: weekdays count, the 5th is 28 July'],
    ['2025-07-21', '2025-07-29', 6, 'past the terms: overdue the day after the estimate'],
  ])('N on %s, today %s → outstanding %s (%s)', (date, today, outstanding, _why) => {
    const result = overdueN([entry(date, 'AM', 'N')], school, d(today));
    if (outstanding === null) expect(result).toEqual([]);
    else expect(result.map((r) => r.schoolDaysOutstanding)).toEqual([outstanding]);
  });

  it('gives the deadline, and lists only N, in register order', () => {
    const entries = [
      entry('2024-09-10', 'PM', 'N', { pupilId: 'b' }),
      entry('2024-09-10', 'AM', 'N', { pupilId: 'b' }),
      entry('2024-09-09', 'AM', 'N', { pupilId: 'a' }),
      entry('2024-09-09', 'AM', 'O', { pupilId: 'c' }),
      entry('2024-09-09', 'PM', 'I', { pupilId: 'd' }),
    ];
    const result = overdueN(entries, school, d('2024-09-18'));
    expect(
      result.map((r) => [
        r.entry.pupilId,
        r.entry.date,
        r.entry.part,
        r.deadline,
        r.schoolDaysOutstanding,
      ]),
    ).toEqual([
      ['a', '2024-09-09', 'AM', '2024-09-16', 7],
      ['b', '2024-09-10', 'AM', '2024-09-17', 6],
      ['b', '2024-09-10', 'PM', '2024-09-17', 6],
    ]);
  });

  it('computes the deadline past the configured terms, and says it is an estimate', () => {
    const [late] = overdueN([entry('2025-07-21', 'AM', 'N')], school, d('2025-09-01'));
    expect(late).toMatchObject({ deadline: '2025-07-28', deadlineIsEstimate: true });
    const [inTerm] = overdueN([entry('2024-09-09', 'AM', 'N')], school, d('2024-09-18'));
    expect(inTerm).toMatchObject({ deadline: '2024-09-16', deadlineIsEstimate: false });
  });

  it('does not count a day fully closed to the year group', () => {
    const n = [entry('2024-10-21', 'AM', 'N')];
    expect(overdueN(n, school, d('2024-11-05'), 'R')).toEqual([]);
    expect(overdueN(n, school, d('2024-11-06'), 'R')).toHaveLength(1);
  });

  it('uses the configured number of school days', () => {
    const tenDays = testSchool({ thresholds: { ...school.thresholds, nResolveSchoolDays: 10 } });
    expect(overdueN([entry('2024-09-09', 'AM', 'N')], tenDays, d('2024-09-23'))).toEqual([]);
    expect(overdueN([entry('2024-09-09', 'AM', 'N')], tenDays, d('2024-09-24'))).toHaveLength(1);
  });
});
