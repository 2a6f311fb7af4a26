import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_STRINGS_2024 } from '../codes/attendanceCodes';
import { localDate } from '../time/localDate';
import type { StatEntry } from './statEntry';
import { aggregateStats, computeStats, statsByPupil } from './attendanceStats';
import { entry } from './statEntries.fixture';

describe('computeStats', () => {
  it('counts each category as DfE does (docs/design.md §8.5)', () => {
    const stats = computeStats([
      entry('2024-09-09', 'AM', '/'),
      entry('2024-09-09', 'PM', '\\'),
      entry('2024-09-10', 'AM', 'L', { minutesLate: 5 }),
      entry('2024-09-10', 'PM', 'U', { minutesLate: 40 }),
      entry('2024-09-11', 'AM', 'V'),
      entry('2024-09-11', 'PM', 'I'),
      entry('2024-09-12', 'AM', 'G'),
      entry('2024-09-12', 'PM', 'N'),
      entry('2024-09-13', 'AM', '#'),
      entry('2024-09-13', 'PM', 'D'),
      entry('2024-09-16', 'AM', 'Y1'),
    ]);
    expect(stats).toEqual({
      possible: 8,
      present: 3,
      aea: 1,
      attended: 4,
      authorised: 1,
      unauthorised: 3,
      notAbsentButPossible: 0,
      overallAbsence: 4,
      lateBeforeClose: 1,
      lateAfterClose: 1,
      minutesLateBeforeClose: 5,
      minutesLateAfterClose: 40,
      byCode: { '/': 1, '\\': 1, L: 1, U: 1, V: 1, I: 1, G: 1, N: 1, '#': 1, D: 1, Y1: 1 },
      attendancePercent: 50,
      authorisedPercent: 12.5,
      unauthorisedPercent: 37.5,
      overallAbsencePercent: 50,
    });
  });

  it.each([
    ['J', '2023-03-01', 'attended', 'legacy J (interview) was attendance'],
    ['H', '2023-03-01', 'authorised', 'legacy H (agreed holiday) is authorised'],
    ['J1', '2024-09-09', 'authorised', 'J1 (interview) is an absence from 2024'],
    ['K', '2024-09-09', 'attended', 'K (LA provision) is an approved activity'],
  ] as const)('%s on %s counts as %s (%s)', (code, date, field, _why) => {
    const stats = computeStats([entry(date, 'AM', code)]);
    expect(stats.possible).toBe(1);
    expect(stats[field]).toBe(1);
  });

  it('counts COVID X as possible but as neither attendance nor absence', () => {
    const stats = computeStats([
      entry('2021-01-05', 'AM', 'X-COVID'),
      entry('2021-01-05', 'PM', '\\'),
    ]);
    expect(stats).toMatchObject({
      possible: 2,
      attended: 1,
      overallAbsence: 0,
      notAbsentButPossible: 1,
      attendancePercent: 50,
      overallAbsencePercent: 0,
    });
  });

  it('has no rates without a possible session', () => {
    const stats = computeStats([entry('2024-09-02', 'AM', '#'), entry('2024-09-02', 'PM', '#')]);
    expect(stats.possible).toBe(0);
    expect([
      stats.attendancePercent,
      stats.authorisedPercent,
      stats.unauthorisedPercent,
      stats.overallAbsencePercent,
    ]).toEqual([null, null, null, null]);
  });

  it('keeps only entries inside the range, both ends included', () => {
    const entries = ['2024-09-09', '2024-09-10', '2024-09-11', '2024-09-12'].map((d) =>
      entry(d, 'AM', 'I'),
    );
    const stats = computeStats(entries, {
      from: localDate('2024-09-10'),
      to: localDate('2024-09-11'),
    });
    expect(stats.authorised).toBe(2);
  });

  it('treats a missing or null minutes-late as 0', () => {
    const stats = computeStats([
      entry('2024-09-09', 'AM', 'L', { minutesLate: null }),
      entry('2024-09-10', 'AM', 'L'),
      entry('2024-09-11', 'AM', 'L', { minutesLate: 12 }),
    ]);
    expect([stats.lateBeforeClose, stats.minutesLateBeforeClose]).toEqual([3, 12]);
  });

  it.each([
    ['ZZ', '2024-09-09'],
    ['Q', '2023-03-01'],
    ['H', '2024-09-09'],
  ])('throws for %s on %s, a code that did not exist then (a bug upstream)', (code, date) => {
    expect(() => computeStats([entry(date, 'AM', code)])).toThrow(/not a register code/);
  });
});

describe('aggregateStats and statsByPupil', () => {
  const pupilA = Array.from({ length: 10 }, (_, i) =>
    entry(`2024-09-${String(9 + i).padStart(2, '0')}`, 'AM', i === 0 ? 'I' : '/', { pupilId: 'a' }),
  );
  const pupilB = [
    entry('2024-09-09', 'AM', '/', { pupilId: 'b' }),
    entry('2024-09-09', 'PM', 'O', { pupilId: 'b' }),
  ];

  it('sums numerators and denominators instead of averaging percentages', () => {
    const byPupil = statsByPupil([...pupilA, ...pupilB]);
    expect(byPupil.get('a')?.attendancePercent).toBe(90);
    expect(byPupil.get('b')?.attendancePercent).toBe(50);
    const total = aggregateStats(byPupil.values());
    expect(total.possible).toBe(12);
    expect(total.attendancePercent).toBeCloseTo((100 * 10) / 12, 12);
    expect(total.byCode).toEqual({ '/': 10, I: 1, O: 1 });
  });

  it('is empty, with no rates, over no pupils', () => {
    expect(aggregateStats([])).toMatchObject({ possible: 0, attendancePercent: null });
  });

  it('keeps pupils apart and applies the range', () => {
    const byPupil = statsByPupil([...pupilA, ...pupilB], {
      from: localDate('2024-09-10'),
      to: localDate('2024-09-30'),
    });
    expect([...byPupil.keys()]).toEqual(['a']);
    expect(byPupil.get('a')?.possible).toBe(9);
  });
});

const arbEntry: fc.Arbitrary<StatEntry> = fc.record({
  pupilId: fc.constantFrom('a', 'b', 'c', 'd'),
  date: fc.constantFrom('2024-09-09', '2024-09-10', '2024-11-04', '2025-03-03').map(localDate),
  part: fc.constantFrom('AM' as const, 'PM' as const),
  code: fc.constantFrom(...CODE_STRINGS_2024),
  minutesLate: fc.option(fc.integer({ min: 1, max: 120 })),
});

describe('properties of the statistics', () => {
  it('keeps every rate in 0–100, with attendance and overall absence adding up to 100', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 60 }), (entries) => {
        const s = computeStats(entries);
        fc.pre(s.possible > 0);
        for (const rate of [
          s.attendancePercent,
          s.authorisedPercent,
          s.unauthorisedPercent,
          s.overallAbsencePercent,
        ]) {
          expect(rate).not.toBeNull();
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(100);
        }
        expect(
          Math.abs((s.attendancePercent ?? 0) + (s.overallAbsencePercent ?? 0) - 100),
        ).toBeLessThan(1e-9);
      }),
    );
  });

  it('never lowers attendance when a present session is added', () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 60 }),
        fc.constantFrom('/', '\\', 'L'),
        (entries, code) => {
          const before = computeStats(entries).attendancePercent;
          const after = computeStats([
            ...entries,
            entry('2024-09-11', 'AM', code),
          ]).attendancePercent;
          expect(after).not.toBeNull();
          if (before !== null) expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('gives the same figures for a group from its pupils as from all its entries together', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 80 }), (entries) => {
        expect(aggregateStats(statsByPupil(entries).values())).toEqual(computeStats(entries));
      }),
    );
  });
});
