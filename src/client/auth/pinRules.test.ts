import { describe, expect, it } from 'vitest';
import { pinProblem } from './pinRules';

describe('pinProblem', () => {
  it.each([
    ['1234', null],
    ['12345678', null],
    ['0000', null],
    ['', 'Enter a PIN.'],
    ['123', 'A PIN is 4 to 8 digits long.'],
    ['123456789', 'A PIN is 4 to 8 digits long.'],
    ['12a4', 'A PIN is digits only (0–9).'],
    ['12 34', 'A PIN is digits only (0–9).'],
    ['١٢٣٤', 'A PIN is digits only (0–9).'],
  ])('%j → %j', (pin, expected) => {
    expect(pinProblem(pin)).toBe(expected);
  });
});
