import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterPinCheck, attemptsLeft, MAX_PIN_ATTEMPTS } from './pinAttempts';

const fresh = { failedAttempts: 0, isLockedOut: false };

function run(results: readonly boolean[]) {
  return results.reduce((state, isCorrect) => afterPinCheck(state, isCorrect), fresh);
}

describe('afterPinCheck', () => {
  it.each([
    ['one wrong PIN', [false], { failedAttempts: 1, isLockedOut: false }],
    ['four wrong PINs', [false, false, false, false], { failedAttempts: 4, isLockedOut: false }],
    [
      'five wrong PINs lock out',
      [false, false, false, false, false],
      { failedAttempts: 5, isLockedOut: true },
    ],
    [
      'a right PIN clears the count',
      [false, false, true],
      { failedAttempts: 0, isLockedOut: false },
    ],
    [
      'four wrong, one right, four wrong: still in',
      [false, false, false, false, true, false, false, false, false],
      { failedAttempts: 4, isLockedOut: false },
    ],
    [
      'a right PIN after the lock-out does not help',
      [false, false, false, false, false, true],
      { failedAttempts: 5, isLockedOut: true },
    ],
  ])('%s', (_why, results, expected) => {
    expect(run(results)).toEqual(expected);
  });

  it('keeps the other fields of the record', () => {
    expect(afterPinCheck({ ...fresh, name: 'Ms Teacher' }, false)).toMatchObject({
      name: 'Ms Teacher',
    });
  });

  it('locks out exactly when five wrong PINs come in a row', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), (results) => {
        let streak = 0;
        let lockedAt = -1;
        results.forEach((isCorrect, i) => {
          if (lockedAt >= 0) return;
          streak = isCorrect ? 0 : streak + 1;
          if (streak === MAX_PIN_ATTEMPTS) lockedAt = i;
        });
        expect(run(results).isLockedOut).toBe(lockedAt >= 0);
      }),
    );
  });
});

describe('attemptsLeft', () => {
  it.each([
    [fresh, 5],
    [{ failedAttempts: 3, isLockedOut: false }, 2],
    [{ failedAttempts: 5, isLockedOut: true }, 0],
  ])('%j → %i', (state, left) => {
    expect(attemptsLeft(state)).toBe(left);
  });
});
