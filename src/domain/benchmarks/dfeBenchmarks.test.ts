import { describe, expect, it } from 'vitest';
import {
  benchmarkLevelOf,
  benchmarkPhaseOf,
  gapInDaysPerPupil,
  groupKeyOf,
  phaseOfYearGroups,
  publishedGroupOf,
} from './dfeBenchmarks';

describe('the gap in days per pupil', () => {
  // (school rate − benchmark rate) ÷ 100 × possible sessions per pupil ÷ 2
  it.each([
    // pupils, possible, absent, benchmark %, days
    { pupils: 100, possible: 38_000, absent: 1_900, benchmark: 5, days: 0 }, // 5 % = 5 %
    { pupils: 100, possible: 38_000, absent: 2_660, benchmark: 5, days: 3.8 }, // 7 % vs 5 %: 2 % of 190 days
    { pupils: 100, possible: 38_000, absent: 1_140, benchmark: 5, days: -3.8 }, // 3 % vs 5 %
    { pupils: 200, possible: 28_000, absent: 1_400, benchmark: 6.8, days: -1.3 }, // a term: 70 days each, 1.8 % of 70
    { pupils: 1, possible: 2, absent: 2, benchmark: 0, days: 1 }, // one pupil, one day, all missed
    { pupils: 10, possible: 3_800, absent: 190, benchmark: 4.99, days: 0 }, // 0.0019 days rounds to 0, not −0
  ])(
    '$pupils pupils, $absent of $possible sessions missed, benchmark $benchmark %: $days days',
    ({ pupils, possible, absent, benchmark, days }) => {
      expect(
        gapInDaysPerPupil(
          { pupils, possibleSessions: possible, overallAbsenceSessions: absent },
          benchmark,
        ),
      ).toBe(days);
    },
  );

  it.each([
    { pupils: 0, possible: 0 },
    { pupils: 0, possible: 100 },
    { pupils: 10, possible: 0 },
  ])('is null with $pupils pupils and $possible possible sessions', ({ pupils, possible }) => {
    expect(
      gapInDaysPerPupil({ pupils, possibleSessions: possible, overallAbsenceSessions: 0 }, 5),
    ).toBeNull();
  });
});

describe('published rows', () => {
  it.each([
    ['Total', '', { kind: 'all' }],
    ['Total', 'Total', { kind: 'all' }],
    ['Sex', 'Female', { kind: 'group', group: { key: 'sex', value: 'female' } }],
    ['Gender', 'Gender male', { kind: 'group', group: { key: 'sex', value: 'male' } }],
    ['Ethnicity Major', 'Asian', { kind: 'group', group: { key: 'ethnicity', value: 'asian' } }],
    [
      'Ethnicity Major',
      'Any other ethnic group',
      { kind: 'group', group: { key: 'ethnicity', value: 'other' } },
    ],
    ['Ethnicity Minor', 'Indian', { kind: 'unmapped' }],
    [
      'First language',
      'First language known or believed to be English',
      { kind: 'group', group: { key: 'firstLanguage', value: 'english' } },
    ],
    [
      'First language',
      'First language known or believed to be other than English',
      { kind: 'group', group: { key: 'firstLanguage', value: 'other' } },
    ],
    ['SEN provision', 'EHC plan', { kind: 'group', group: { key: 'sen', value: 'ehcPlan' } }],
    ['SEN provision', 'SEN Support', { kind: 'group', group: { key: 'sen', value: 'senSupport' } }],
    ['SEN provision', 'No identified SEN', { kind: 'group', group: { key: 'sen', value: 'none' } }],
    ['SEN primary need', 'Down Syndrome', { kind: 'unmapped' }],
    ['FSM', 'FSM eligible', { kind: 'group', group: { key: 'fsm', value: 'yes' } }],
    ['FSM', 'FSM not eligible', { kind: 'group', group: { key: 'fsm', value: 'no' } }],
    ['FSM', 'FSM eligible in last 6 years', { kind: 'unmapped' }],
    ['NC year', 'Year 3', { kind: 'unmapped' }],
  ])('%s / %s', (topic, breakdown, expected) => {
    expect(publishedGroupOf(topic, breakdown)).toEqual(expected);
  });

  it('reads the levels and phases as published, and leaves others out', () => {
    expect(benchmarkLevelOf('National')).toBe('national');
    expect(benchmarkLevelOf('Regional')).toBe('regional');
    expect(benchmarkLevelOf('Local authority')).toBe('localAuthority');
    expect(benchmarkLevelOf('Local authority district')).toBeNull();
    expect(benchmarkLevelOf('School')).toBeNull();
    expect(benchmarkPhaseOf('Total')).toBe('all');
    expect(benchmarkPhaseOf('State-funded primary')).toBe('primary');
    expect(benchmarkPhaseOf('State-funded secondary')).toBe('secondary');
    expect(benchmarkPhaseOf('Special')).toBe('special');
    expect(benchmarkPhaseOf('Pupil referral unit')).toBeNull();
  });

  it('keys a group as key:value, and every pupil as all', () => {
    expect(groupKeyOf(null)).toBe('all');
    expect(groupKeyOf({ key: 'sen', value: 'ehcPlan' })).toBe('sen:ehcPlan');
  });
});

describe('the phase a school compares with', () => {
  it.each([
    [['N1', 'R', '1', '6'], 'primary'],
    [['7', '8', '11', '13'], 'secondary'],
    [['R', '1', '7'], 'all'],
    [[], 'all'],
  ] as const)('%j: %s', (years, phase) => {
    expect(phaseOfYearGroups(years)).toBe(phase);
  });
});
