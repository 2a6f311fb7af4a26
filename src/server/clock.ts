/**
 * The server's only source of "now". Rules and SQL take the time from here rather than from the
 * database's `now()`, so tests can move time (session expiry, rate-limit windows) without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
