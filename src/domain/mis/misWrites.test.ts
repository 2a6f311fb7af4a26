import { describe, expect, it } from 'vitest';
import {
  MIS_MAX_ATTEMPTS,
  misBackoffMs,
  misMayRetry,
  reconcileMisMarks,
  type MisComparableMark,
} from './misWrites';

const m = (upn: string, session: 'AM' | 'PM', code: string, minutesLate: number | null = null) =>
  ({ upn, date: '2026-11-02', session, code, minutesLate }) satisfies MisComparableMark;

describe('misBackoffMs', () => {
  it('doubles from a minute and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(misBackoffMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('treats nonsense as the first try', () => {
    expect(misBackoffMs(0)).toBe(60_000);
    expect(misBackoffMs(-3)).toBe(60_000);
  });
});

describe('misMayRetry', () => {
  it('stops after the last try and waits for a person', () => {
    expect(misMayRetry(MIS_MAX_ATTEMPTS - 1)).toBe(true);
    expect(misMayRetry(MIS_MAX_ATTEMPTS)).toBe(false);
  });
});

describe('reconcileMisMarks', () => {
  it('counts the same marks as matching, taking no minutes late as 0', () => {
    const r = reconcileMisMarks(
      [m('A1', 'AM', '/'), m('A1', 'PM', 'L', 0)],
      [m('A1', 'AM', '/'), m('A1', 'PM', 'L', null)],
    );
    expect(r).toEqual({ matching: 2, differences: [] });
  });

  it('lists each kind of difference in pupil, date and session order', () => {
    const r = reconcileMisMarks(
      [m('B2', 'PM', 'I'), m('A1', 'PM', 'L', 10), m('A1', 'AM', '/'), m('C3', 'AM', 'U', 30)],
      [m('A1', 'PM', 'L', 12), m('B2', 'PM', 'O'), m('D4', 'AM', 'M'), m('C3', 'AM', 'U', 30)],
    );
    expect(r.matching).toBe(1);
    expect(r.differences.map((d) => [d.upn, d.session, d.kind, d.tickmark, d.mis])).toEqual([
      ['A1', 'AM', 'missing_in_mis', { code: '/', minutesLate: null }, null],
      [
        'A1',
        'PM',
        'different_minutes_late',
        { code: 'L', minutesLate: 10 },
        { code: 'L', minutesLate: 12 },
      ],
      [
        'B2',
        'PM',
        'different_code',
        { code: 'I', minutesLate: null },
        { code: 'O', minutesLate: null },
      ],
      ['D4', 'AM', 'only_in_mis', null, { code: 'M', minutesLate: null }],
    ]);
  });
});
