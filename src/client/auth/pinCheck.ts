/**
 * Starting a PIN check before the rest of the app has loaded: the lock screen has the stored
 * hash from its raw read (lockFacts.ts), so the slow hash (pinHash.ts, WebCrypto, off the main
 * thread) starts when Unlock is pressed, while Dexie and the PIN check's store load; pinLock.ts
 * `unlockWithPin` uses the answer only if the hash it reads then is the same, and counts the
 * attempt in its one transaction as always.
 */
import type { PinHash } from './deviceAuth';
import { verifyPin } from './pinHash';
import type { StartedPinCheck } from './pinLock';
import { pinProblem } from './pinRules';

/** Checks `pin` against `against`; a PIN the rules refuse is wrong without hashing. */
export function startPinCheck(pin: string, against: PinHash): StartedPinCheck {
  const isCorrect = pinProblem(pin) === null ? verifyPin(pin, against) : Promise.resolve(false);
  // Awaited by unlockWithPin, or never (another hash is stored now): no unhandled rejection.
  isCorrect.catch(() => undefined);
  return { against, isCorrect };
}
