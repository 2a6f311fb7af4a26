/**
 * A trip leader's exception for one pupil, kept on the device (meta `tripExceptions`)
 * so that it carries over to the trip's later sessions while the leader has no signal. What each
 * one means for the register is decided in src/client/trips/tripPlan.ts.
 */
import { z } from 'zod';
import { instantField, sessionField } from './rowFields';

export const TRIP_EXCEPTION_KINDS = [
  'did_not_come',
  'went_home_ill',
  'collected_early',
  'joined_late',
] as const;
export type TripExceptionKind = (typeof TRIP_EXCEPTION_KINDS)[number];

export const tripExceptionSchema = z.object({
  kind: z.enum(TRIP_EXCEPTION_KINDS),
  /** The trip session in which it happened. */
  session: sessionField,
  /** Device time the leader recorded it. */
  at: instantField,
  /** The leader who recorded it. */
  by: z.uuid(),
});
export type TripException = z.infer<typeof tripExceptionSchema>;
