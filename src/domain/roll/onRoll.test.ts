import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import { DELETION_GROUND_KEYS, DELETION_GROUNDS, parseDeletionGround } from './deletionGrounds';
import { isOnRoll } from './onRoll';

const d = localDate;

describe('isOnRoll', () => {
  const leaver = { onRollFrom: d('2024-09-04'), onRollTo: d('2025-03-14') };
  it.each([
    ['the day before admission', '2024-09-03', false],
    ['the admission day', '2024-09-04', true],
    ['a day in between', '2024-12-02', true],
    ['the leaving day itself', '2025-03-14', true],
    ['the day after leaving', '2025-03-15', false],
    ['a year later', '2026-03-14', false],
  ])('a pupil admitted 4 Sept and leaving 14 Mar: %s (%s) → %s', (_what, date, expected) => {
    expect(isOnRoll(leaver, d(date))).toBe(expected);
  });

  it('a pupil with no leaving date stays on roll from admission onwards', () => {
    const stayer = { onRollFrom: d('2024-09-04'), onRollTo: null };
    expect(isOnRoll(stayer, d('2024-09-03'))).toBe(false);
    expect(isOnRoll(stayer, d('2024-09-04'))).toBe(true);
    expect(isOnRoll(stayer, d('2040-01-01'))).toBe(true);
  });

  it('a pupil admitted and leaving on the same day is on roll that day only', () => {
    const day = { onRollFrom: d('2025-01-06'), onRollTo: d('2025-01-06') };
    expect(
      [d('2025-01-05'), d('2025-01-06'), d('2025-01-07')].map((x) => isOnRoll(day, x)),
    ).toEqual([false, true, false]);
  });
});

describe('grounds for deletion', () => {
  it('reads a ground from its key or its label, in any case', () => {
    expect(parseDeletionGround('died')).toBe('died');
    expect(parseDeletionGround('  Registered at another school ')).toBe('registered_elsewhere');
    expect(parseDeletionGround('PERMANENTLY EXCLUDED')).toBe('permanently_excluded');
    expect(parseDeletionGround('moved house')).toBeNull();
    expect(parseDeletionGround('toString')).toBeNull();
  });

  it('every ground has a label of its own', () => {
    const labels = DELETION_GROUND_KEYS.map((k) => DELETION_GROUNDS[k]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => l.length > 0)).toBe(true);
  });
});
