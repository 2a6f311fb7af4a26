/**
 * The tablet's clock error, estimated at every sync as `serverTime − (tSend + tRecv) / 2`
 * (docs/design.md §7.9, NTP's midpoint). Clocks never order marks; the offset is sent with
 * pushes as evidence, and the register warns when the tablet is more than two minutes out,
 * because its "now" decides the default arrival time and so `L` versus `U`.
 */

import { CLOCK_TOLERANCE_MS } from '../../domain/index';

/** The domain's clock tolerance: beyond it an arrival time counts as still to come. */
export const CLOCK_WARNING_MS = CLOCK_TOLERANCE_MS;

/** Server time minus device time, in whole milliseconds. */
export function estimateClockOffset(
  serverTime: string,
  sentAt: number,
  receivedAt: number,
): number {
  return Math.round(Date.parse(serverTime) - (sentAt + receivedAt) / 2);
}

/** Whether the offset is large enough to warn the user that the tablet's clock is wrong. */
export function isClockWrong(offsetMs: number | null): boolean {
  return offsetMs !== null && Math.abs(offsetMs) > CLOCK_WARNING_MS;
}
