import { describe, expect, it } from 'vitest';
import {
  certificateAwards,
  certificateLevel,
  certificatePercentText,
  rankClasses,
} from './celebrate';

describe('certificatePercentText', () => {
  const rows: [number, number, string][] = [
    [380, 380, '100.0 %'],
    [3799, 3800, '99.9 %'],
    [49, 50, '98.0 %'],
    [2, 3, '66.6 %'],
    [0, 0, 'n/a'],
  ];
  it.each(rows)('%i of %i is %s', (attended, possible, text) => {
    expect(certificatePercentText({ attended, possible })).toBe(text);
  });
});

describe('certificateLevel', () => {
  const rows: [string, number, number, readonly number[], number | null][] = [
    ['every session attended', 380, 380, [100, 98], 100],
    ['one session missed of 380 (99.7 %)', 379, 380, [100, 98], 98],
    ['exactly 98 % (49 of 50) reaches 98', 49, 50, [100, 98], 98],
    ['just under 98 % (48 of 49, 97.96 %)', 48, 49, [100, 98], null],
    ['the rates in any order: the highest reached wins', 50, 50, [98, 100], 100],
    ['a school with one rate of 95 %', 19, 20, [95], 95],
    ['no possible session: no rate, no certificate', 0, 0, [100, 98], null],
    ['a rate set to a hundredth (97.5 %)', 39, 40, [97.5], 97.5],
  ];
  it.each(rows)('%s', (_name, attended, possible, percents, expected) => {
    expect(certificateLevel({ attended, possible }, percents)).toBe(expected);
  });
});

describe('certificateAwards', () => {
  it('gives each pupil at a rate one certificate at the highest they reach, highest first', () => {
    const awards = certificateAwards(
      [
        { pupil: 'Ava', counts: { attended: 98, possible: 100 } },
        { pupil: 'Ben', counts: { attended: 100, possible: 100 } },
        { pupil: 'Cal', counts: { attended: 90, possible: 100 } },
        { pupil: 'Dee', counts: { attended: 99, possible: 100 } },
        { pupil: 'Eve', counts: { attended: 0, possible: 0 } },
        { pupil: 'Fay', counts: { attended: 60, possible: 60 } },
      ],
      [100, 98],
    );
    expect(awards.map((a) => [a.pupil, a.level, a.attendancePercent])).toEqual([
      ['Ben', 100, 100],
      ['Fay', 100, 100],
      ['Ava', 98, 98],
      ['Dee', 98, 99],
    ]);
    expect(awards[2]).toMatchObject({ attended: 98, possible: 100 });
  });
});

describe('rankClasses', () => {
  const week = (group: string, attended: number, possible: number) => ({
    group,
    counts: { attended, possible },
  });

  it('ranks by the class’s sessions, best first', () => {
    const result = rankClasses([
      week('Owls', 280, 300),
      week('Foxes', 290, 300),
      week('Bears', 270, 300),
    ]);
    expect(result.ranking.map((r) => [r.group, r.rank])).toEqual([
      ['Foxes', 1],
      ['Owls', 2],
      ['Bears', 3],
    ]);
    expect(result.best.map((r) => r.group)).toEqual(['Foxes']);
    expect(result.best[0]).toMatchObject({ attended: 290, possible: 300 });
    expect(result.best[0]?.attendancePercent).toBeCloseTo(96.67, 2);
  });

  it('shows every class that ties for the best, compared exactly (29 of 30 and 290 of 300)', () => {
    const result = rankClasses([
      week('Owls', 29, 30),
      week('Foxes', 290, 300),
      week('Bears', 28, 30),
      week('Wrens', 28, 30),
      week('Hares', 27, 30),
    ]);
    expect(result.ranking.map((r) => [r.group, r.rank])).toEqual([
      ['Owls', 1],
      ['Foxes', 1],
      ['Bears', 3],
      ['Wrens', 3],
      ['Hares', 5],
    ]);
    expect(result.best.map((r) => r.group)).toEqual(['Owls', 'Foxes']);
  });

  it('is a sum of sessions, not an average of the pupils’ rates', () => {
    // Owls: 1/2 and 10/10 → 11/12 (91.7 %); the average of rates would be 75 %.
    // Foxes: 9/10 and 9/10 → 18/20 (90 %).
    const result = rankClasses([week('Foxes', 18, 20), week('Owls', 11, 12)]);
    expect(result.best.map((r) => r.group)).toEqual(['Owls']);
  });

  it('leaves out a class with no possible session that week', () => {
    const result = rankClasses([week('Nursery', 0, 0), week('Foxes', 18, 20)]);
    expect(result.ranking.map((r) => r.group)).toEqual(['Foxes']);
    expect(result.unranked).toEqual(['Nursery']);
    expect(rankClasses([week('Nursery', 0, 0)]).best).toEqual([]);
  });
});
