/**
 * Counting wrong PINs (docs/design.md §3.3): after five in a row, this person's offline unlock is
 * off until they sign in online again, which proves they still know their password. A right PIN
 * clears the count. Pure, so the rule can be tested without a database or a hash.
 */

export const MAX_PIN_ATTEMPTS = 5;

export interface PinAttemptState {
  readonly failedAttempts: number;
  readonly isLockedOut: boolean;
}

/** The state after one PIN check. A locked-out person stays locked out whatever they type. */
export function afterPinCheck<T extends PinAttemptState>(state: T, isCorrect: boolean): T {
  if (state.isLockedOut) return state;
  if (isCorrect) return { ...state, failedAttempts: 0 };
  const failedAttempts = state.failedAttempts + 1;
  return { ...state, failedAttempts, isLockedOut: failedAttempts >= MAX_PIN_ATTEMPTS };
}

/** Wrong PINs left before the lock-out. */
export function attemptsLeft(state: PinAttemptState): number {
  return state.isLockedOut ? 0 : Math.max(0, MAX_PIN_ATTEMPTS - state.failedAttempts);
}
