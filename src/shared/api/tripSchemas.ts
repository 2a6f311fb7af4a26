/**
 * The trips API on the wire. The codes a trip may use are the domain's (src/domain/trips/tripCodes.ts).
 * Objects are strict, as elsewhere.
 */
import { z } from 'zod';
import { lineText } from './plainText';
import { ROLES, TRIP_CODES } from '../../domain/index';
import { sessionRefSchema, wireDateSchema, wireSessionRefSchema } from './syncSchemas';

/** Pupils and leaders a trip may have: a year group on a residential, a few adults. */
export const MAX_TRIP_PUPILS = 300;
export const MAX_TRIP_LEADERS = 20;
/** The longest trip, in school sessions (three school weeks). */
export const MAX_TRIP_SESSIONS = 30;

const nameField = lineText({
  min: 1,
  max: 200,
  trim: true,
  tooShort: 'is required',
  tooLong: 'must be 200 characters or fewer',
});

export const createTripRequestSchema = z.strictObject({
  name: nameField,
  code: z.enum(TRIP_CODES).default('V'),
  leaderIds: z
    .array(z.uuid())
    .min(1, { message: 'name at least one leader' })
    .max(MAX_TRIP_LEADERS),
  pupilIds: z.array(z.uuid()).min(1, { message: 'add at least one pupil' }).max(MAX_TRIP_PUPILS),
  /** The first session of the trip (e.g. Monday AM). */
  from: wireSessionRefSchema,
  /** The last session (the same as `from` for a single session). */
  to: wireSessionRefSchema,
});
export type CreateTripRequest = z.input<typeof createTripRequestSchema>;

const person = z.strictObject({ id: z.uuid(), name: z.string() });

export const tripPupilSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  sortName: z.string(),
  groupId: z.uuid(),
  groupName: z.string(),
});
export type TripPupil = z.infer<typeof tripPupilSchema>;

export const tripDetailSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  code: z.enum(TRIP_CODES),
  from: sessionRefSchema,
  to: sessionRefSchema,
  /** The school sessions the trip covers, in order. */
  sessions: z.array(sessionRefSchema),
  leaders: z.array(person),
  pupils: z.array(tripPupilSchema),
  createdBy: person,
  createdAt: z.iso.datetime({ offset: true }),
});
export type TripDetail = z.infer<typeof tripDetailSchema>;

/** A trip pupil's entry for a trip session as the server holds it (what a new mark builds on). */
export const tripEntrySchema = z.strictObject({
  pupilId: z.uuid(),
  session: sessionRefSchema,
  code: z.string(),
  headEventId: z.uuid(),
  headSeq: z.int(),
  headRole: z.enum(ROLES),
});
export type TripEntry = z.infer<typeof tripEntrySchema>;

export const leadingTripSchema = tripDetailSchema.extend({ entries: z.array(tripEntrySchema) });
export type LeadingTrip = z.infer<typeof leadingTripSchema>;

export const leadingTripsResponseSchema = z.strictObject({
  trips: z.array(leadingTripSchema),
  serverTime: z.iso.datetime({ offset: true }),
});
export type LeadingTripsResponse = z.infer<typeof leadingTripsResponseSchema>;

export const tripListResponseSchema = z.strictObject({ trips: z.array(tripDetailSchema) });
export type TripListResponse = z.infer<typeof tripListResponseSchema>;

export const tripResponseSchema = z.strictObject({ trip: tripDetailSchema });

/** What entering the trip's code in advance did, entry by entry (the conflict rules decide). */
export const preEnteredSchema = z.strictObject({
  /** Entries that now show the trip's code. */
  applied: z.int().min(0),
  /** Entries that already showed the trip's code. */
  unchanged: z.int().min(0),
  /** Entries another office mark already held: it stands, and the office is asked to review. */
  conflict: z.int().min(0),
  /** Pupil sessions with no register (closed for the pupil's year group, or not on roll). */
  skipped: z.int().min(0),
});
export type PreEntered = z.infer<typeof preEnteredSchema>;

export const createTripResponseSchema = z.strictObject({
  trip: tripDetailSchema,
  preEntered: preEnteredSchema,
});
export type CreateTripResponse = z.infer<typeof createTripResponseSchema>;

export const tripIdParamSchema = z.strictObject({ id: z.uuid() });

export const tripListQuerySchema = z.strictObject({
  from: wireDateSchema.optional(),
  to: wireDateSchema.optional(),
});
