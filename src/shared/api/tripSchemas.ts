/**
 * The trips API on the wire, and the one rule both ends apply to a mark made through a
 * trip: which codes a leader may enter for the trip's pupils. Objects are strict, as elsewhere.
 */
import { z } from 'zod';
import { lineText } from './plainText';
import { ROLES, type Role, type SchoolConfig } from '../../domain/index';
import { sessionRefSchema, wireDateSchema, wireSessionRefSchema } from './syncSchemas';

/**
 * The codes a trip can count as (docs/design.md §8.1): every one is an approved educational
 * activity (AEA), which counts as attendance. `V` is the default.
 */
export const TRIP_CODES = ['V', 'B', 'P', 'W', 'K'] as const;
export type TripCode = (typeof TRIP_CODES)[number];
export const TRIP_CODE_MEANINGS: Readonly<Record<TripCode, string>> = {
  V: 'Educational visit or trip',
  B: 'Other approved supervised educational activity off site',
  P: 'Approved sporting activity',
  W: 'Work experience',
  K: 'Education arranged by the local authority',
};

/**
 * The codes a trip's exceptions become (docs/api.md, "Trips"): `N` for a pupil who is not with
 * the group for a reason the leader cannot establish (did not come, collected early: the office
 * chases it), `I` for the sessions after a pupil went home ill (the leader saw the illness).
 */
export const TRIP_EXCEPTION_CODES = ['N', 'I'] as const;

/** Every code a leader may enter for a trip's pupils and sessions. */
export function tripLeaderCodes(tripCode: string): readonly string[] {
  return [tripCode, ...TRIP_EXCEPTION_CODES];
}

/**
 * The school's rules for a mark made through a trip: the author's role may enter, besides its
 * usual codes, the trip's own codes. Everything else (code sets, reasons for amendments, L/U)
 * stays the school's, so `validateMark` judges a trip mark exactly as it judges any other.
 */
export function schoolForTripMark(
  school: SchoolConfig,
  role: Role,
  tripCode: string,
): SchoolConfig {
  const codes = [...new Set([...school.roleCodes[role], ...tripLeaderCodes(tripCode)])];
  return { ...school, roleCodes: { ...school.roleCodes, [role]: codes } };
}

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
