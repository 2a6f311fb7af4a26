import { describe, expect, it } from 'vitest';
import { seedSchool } from '../config/seedSchools.fixture';
import type { GroupRef, SchoolConfig, SessionOverride, YearGroup } from '../config/schoolConfig';
import { wallTime } from '../time/wallTime';
import { sessionTimesFor } from './sessionTimes';

const times = (start: string, registerCloses: string) => ({
  start: wallTime(start),
  registerCloses: wallTime(registerCloses),
});
const group = (yearGroup: YearGroup, id = `class-${yearGroup}`): GroupRef => ({ id, yearGroup });

describe('sessionTimesFor: seed 001, The Mary Bassett Lower School', () => {
  const school = seedSchool('mary-bassett-lower');

  it.each([
    ['Nursery (N1)', 'N1', 'AM', '09:00', '09:15'],
    ['Nursery (N2)', 'N2', 'AM', '09:00', '09:15'],
    ['Reception', 'R', 'AM', '08:45', '09:15'],
    ['Year 2', '2', 'AM', '08:45', '09:15'],
    ['Year 4', '4', 'AM', '08:45', '09:15'],
    ['Nursery (N2)', 'N2', 'PM', '12:00', '12:15'],
    ['Reception', 'R', 'PM', '12:45', '13:00'],
    ['Year 1 (KS1)', '1', 'PM', '12:45', '13:00'],
    ['Year 3 (KS2)', '3', 'PM', '13:30', '13:45'],
    ['Year 4 (KS2)', '4', 'PM', '13:30', '13:45'],
  ] as const)('%s %s', (_who, yearGroup, part, start, closes) => {
    expect(sessionTimesFor(school, group(yearGroup), part)).toEqual(times(start, closes));
  });
});

describe('sessionTimesFor: the most specific override wins', () => {
  const base = seedSchool('st-vincent');
  const withOverrides = (...sessionOverrides: SessionOverride[]): SchoolConfig => ({
    ...base,
    sessionOverrides,
  });
  const keyStage2: SessionOverride = {
    scope: { kind: 'keyStage', keyStage: 'KS2' },
    AM: times('08:50', '09:10'),
    PM: times('13:10', '13:25'),
  };
  const year3: SessionOverride = {
    scope: { kind: 'yearGroup', yearGroup: '3' },
    AM: times('08:55', '09:10'),
  };
  const class3B: SessionOverride = {
    scope: { kind: 'group', groupId: '3B' },
    AM: times('09:05', '09:20'),
  };

  it.each([
    ['no override applies: the school’s own times', group('1'), 'AM', '08:45', '09:15'],
    ['key stage over school', group('5'), 'AM', '08:50', '09:10'],
    ['year group over key stage', group('3', '3A'), 'AM', '08:55', '09:10'],
    ['group over year group', group('3', '3B'), 'AM', '09:05', '09:20'],
    [
      'a part the group does not override falls to the year group, then the key stage',
      group('3', '3B'),
      'PM',
      '13:10',
      '13:25',
    ],
  ] as const)('%s', (_case, who, part, start, closes) => {
    // Listed least specific last, so that order in the file cannot be what decides.
    const school = withOverrides(class3B, year3, keyStage2);
    expect(sessionTimesFor(school, who, part)).toEqual(times(start, closes));
  });

  it('gives the same answer whatever order the overrides are listed in', () => {
    const orders = [
      [keyStage2, year3, class3B],
      [class3B, keyStage2, year3],
      [year3, class3B, keyStage2],
    ];
    const answers = orders.map((o) => sessionTimesFor(withOverrides(...o), group('3', '3B'), 'AM'));
    expect(answers).toEqual([
      times('09:05', '09:20'),
      times('09:05', '09:20'),
      times('09:05', '09:20'),
    ]);
  });

  it('ignores an override for another group in the same year', () => {
    expect(sessionTimesFor(withOverrides(class3B), group('3', '3A'), 'AM')).toEqual(
      times('08:45', '09:15'),
    );
  });
});
