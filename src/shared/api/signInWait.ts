/**
 * The words for a throttled sign-in (`429 rate_limited`), shared so the server's message and
 * the tablet's (which counts down from `retryAfterSeconds`) read the same.
 */

/** "Too many failed sign-ins. Please wait 30 seconds and try again." (minutes from 60 s up). */
export function signInWaitMessage(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  const wait =
    whole < 60
      ? `${whole} second${whole === 1 ? '' : 's'}`
      : `${Math.ceil(whole / 60)} minute${Math.ceil(whole / 60) === 1 ? '' : 's'}`;
  return `Too many failed sign-ins. Please wait ${wait} and try again.`;
}
