/**
 * What a PIN may be (docs/design.md §3.3): short enough to type at the classroom door, digits only.
 */

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;

const DIGITS = /^\d+$/;

/** Why `pin` cannot be used, in plain words, or null when it is fine. */
export function pinProblem(pin: string): string | null {
  if (pin.length === 0) return 'Enter a PIN.';
  if (!DIGITS.test(pin)) return 'A PIN is digits only (0–9).';
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) {
    return `A PIN is ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits long.`;
  }
  return null;
}
