/**
 * The office API on the wire (endpoints in endpoints/officeEndpoints.ts). Both ends parse with these
 * schemas; objects are strict, so an unknown field is an error rather than something dropped.
 *
 * Marks are never written here: the office amends through its outbox and `POST /api/sync/push`.
 * Where an answer names an entry it carries the entry's `headEventId`, which the client sends as
 * `baseEventId` when it amends, so the amendment is an edit of what the office saw.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/index';
import { freeText, lineText } from './plainText';
import {
  localDateSchema,
  MAX_REASON_LENGTH,
  sessionRefSchema,
  wireDateSchema,
  wireInstantSchema,
  wireSessionRefSchema,
} from './syncSchemas';

const isoInstant = z.iso.datetime({ offset: true, abort: true });

/**
 * Free text stored as typed, without surrounding spaces. Characters that would make it read
 * otherwise than it was written (NUL, controls, bidirectional overrides) are refused (plainText.ts).
 */
const storableText = (min: number, max: number) => freeText({ min, max, trim: true });

export const MAX_NOTE_LENGTH = 500;
export const MAX_DRILL_NOTES_LENGTH = 2000;
export const MAX_COLLECTED_BY_LENGTH = 200;

const sessionPartSchema = z.enum(['AM', 'PM']);

/** Who did something, as the record keeps it (name and role copied when it was done). */
export const officeActorSchema = z.strictObject({
  staffId: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type OfficeActor = z.infer<typeof officeActorSchema>;

/** A session of one school day. */
export const officeSessionQuerySchema = z.strictObject({
  date: wireDateSchema,
  part: sessionPartSchema,
});
export type OfficeSessionQuery = z.infer<typeof officeSessionQuerySchema>;

export const uuidParamSchema = z.strictObject({ id: z.uuid() });
export const eventIdParamSchema = z.strictObject({ eventId: z.uuid() });

// ── Today ──────────────────────────────────────────────────────────────────────────────────────

export const registerStatusSchema = z.enum([
  /** Every pupil on roll has a mark. */
  'taken',
  /** Some pupils have a mark, some not. */
  'partly_taken',
  /** No pupil has a mark yet. */
  'not_taken',
  /** No register for this group in this session: not a school day, or a planned closure. */
  'no_session',
]);
export type RegisterStatus = z.infer<typeof registerStatusSchema>;

export const todayCountsSchema = z.strictObject({
  onRoll: z.int(),
  /** `/` or `\`. */
  present: z.int(),
  /** `L`: late before the register closed. */
  late: z.int(),
  /** `U`: arrived after the register closed (in school, counted as unauthorised absence). */
  lateAfterClose: z.int(),
  /** Authorised and unauthorised absence codes other than `U` (so `N` is counted here too). */
  absent: z.int(),
  /** Of `absent`: how many are `N` (reason not yet established). */
  reasonNotEstablished: z.int(),
  /** Approved educational activity off site (B, K, P, V, W…). */
  offSiteEducation: z.int(),
  /** Not required to attend or unable to (D, X, Y1–Y7, Z, #…). */
  notRequired: z.int(),
  /** On roll with no mark for the session. */
  unmarked: z.int(),
});
export type TodayCounts = z.infer<typeof todayCountsSchema>;

export const todayGroupSchema = z.strictObject({
  groupId: z.uuid(),
  groupName: z.string(),
  yearGroup: z.string(),
  status: registerStatusSchema,
  /** Register close for this group and part, `HH:mm` in the school's zone. */
  registerCloses: z.string(),
  /** Whether the register had closed at the server's `serverTime`. */
  registerClosed: z.boolean(),
  counts: todayCountsSchema,
  /** Authors of the recorded events of this group's entries for the session, first author first. */
  takenBy: z.array(officeActorSchema),
  /** When the last of those events reached the server; null when none has. */
  lastSyncedAt: isoInstant.nullable(),
});
export type TodayGroup = z.infer<typeof todayGroupSchema>;

export const todayResponseSchema = z.strictObject({
  date: localDateSchema,
  part: sessionPartSchema,
  serverTime: isoInstant,
  groups: z.array(todayGroupSchema),
  totals: todayCountsSchema,
});
export type TodayResponse = z.infer<typeof todayResponseSchema>;

// ── First-day contacts ─────────────────────────────────────────────────────────────────────────

export const CONTACT_METHODS = ['called', 'texted', 'emailed', 'no_answer', 'home_visit'] as const;
export const contactMethodSchema = z.enum(CONTACT_METHODS);
export type ContactMethod = z.infer<typeof contactMethodSchema>;

export const createContactRequestSchema = z.strictObject({
  /** Optional id made on the device: sending the same request again records it only once. */
  id: z.uuid().optional(),
  pupilId: z.uuid(),
  /** The absence the contact is about. */
  session: wireSessionRefSchema,
  method: contactMethodSchema,
  note: storableText(1, MAX_NOTE_LENGTH).nullable().optional(),
});
export type CreateContactRequest = z.infer<typeof createContactRequestSchema>;

export const contactSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  pupilName: z.string(),
  session: sessionRefSchema,
  method: contactMethodSchema,
  note: z.string().nullable(),
  /** The signed-in member of staff who recorded it. */
  by: officeActorSchema,
  /** The server's clock when it was recorded. */
  at: isoInstant,
});
export type Contact = z.infer<typeof contactSchema>;

/** At least one of `date` (the absence's day) and `pupilId`. */
export const contactsQuerySchema = z
  .strictObject({ date: wireDateSchema.optional(), pupilId: z.uuid().optional() })
  .refine((q) => q.date !== undefined || q.pupilId !== undefined, {
    message: 'give a date, a pupilId or both',
    path: ['date'],
  });
export type ContactsQuery = z.infer<typeof contactsQuerySchema>;

export const contactResponseSchema = z.strictObject({ contact: contactSchema });
export const contactsResponseSchema = z.strictObject({ contacts: z.array(contactSchema) });
export type ContactsResponse = z.infer<typeof contactsResponseSchema>;

/** The latest contact attempt about an absence, as lists show it. */
export const contactSummarySchema = z.strictObject({
  method: contactMethodSchema,
  note: z.string().nullable(),
  by: officeActorSchema,
  at: isoInstant,
  /** How many attempts are recorded for this absence in all. */
  attempts: z.int().min(1),
});
export type ContactSummary = z.infer<typeof contactSummarySchema>;

// ── Chase list ─────────────────────────────────────────────────────────────────────────────────

export const chaseQuerySchema = z.strictObject({
  /** The day to judge "outstanding" and "overdue" on; default: today at the school. */
  today: wireDateSchema.optional(),
});

export const chaseItemSchema = z.strictObject({
  pupilId: z.uuid(),
  pupilName: z.string(),
  sortName: z.string(),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  session: sessionRefSchema,
  /** The entry's head: send it as `baseEventId` when amending the `N`. */
  headEventId: z.uuid(),
  /** School days after the session up to and including `today`. */
  schoolDaysOutstanding: z.int(),
  /** The last day on which replacing the `N` is on time (always computed; see `estimate`). */
  deadline: localDateSchema,
  /**
   * The school days outstanding or the deadline were counted past the configured terms, where
   * weekdays less the known bank holidays stand in for school days: an estimate until the term
   * dates are entered.
   */
  estimate: z.boolean(),
  /** Past the configured limit: the `N` should become `O` (with a reason) or get its reason. */
  overdue: z.boolean(),
  /**
   * Consecutive open sessions of one pupil that are all `N` share a run, so one reason can cover
   * them: `runId` is the same for the whole run, `runIndex` counts from 0, `runLength` ≥ 1.
   */
  runId: z.string(),
  runIndex: z.int().min(0),
  runLength: z.int().min(1),
  /** The latest first-day contact about this absence, or null when nobody has tried yet. */
  contact: contactSummarySchema.nullable(),
});
export type ChaseItem = z.infer<typeof chaseItemSchema>;

export const chaseResponseSchema = z.strictObject({
  today: localDateSchema,
  /** The configured number of school days allowed to replace an `N`. */
  nResolveSchoolDays: z.int(),
  /** Oldest session first; a pupil's run stays together in session order. */
  items: z.array(chaseItemSchema),
});
export type ChaseResponse = z.infer<typeof chaseResponseSchema>;

// ── Sign-outs ──────────────────────────────────────────────────────────────────────────────────

export const createSignOutRequestSchema = z.strictObject({
  /** Optional id made on the device: sending the same request again records it only once. */
  id: z.uuid().optional(),
  pupilId: z.uuid(),
  /** When the pupil left. */
  at: wireInstantSchema,
  reason: storableText(1, MAX_REASON_LENGTH),
  /** Who collected the pupil, if anyone. */
  collectedBy: lineText({ min: 1, max: MAX_COLLECTED_BY_LENGTH, trim: true }).nullable().optional(),
});
export type CreateSignOutRequest = z.infer<typeof createSignOutRequestSchema>;

export const signOutReturnRequestSchema = z.strictObject({
  /** When the pupil came back. */
  at: wireInstantSchema,
});
export type SignOutReturnRequest = z.infer<typeof signOutReturnRequestSchema>;

export const signOutSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  pupilName: z.string(),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  /** The school day (school's zone) on which the pupil left. */
  date: localDateSchema,
  at: isoInstant,
  reason: z.string(),
  collectedBy: z.string().nullable(),
  recordedBy: officeActorSchema,
  recordedAt: isoInstant,
  returnedAt: isoInstant.nullable(),
  returnRecordedBy: officeActorSchema.nullable(),
});
export type SignOut = z.infer<typeof signOutSchema>;

export const signOutsQuerySchema = z.strictObject({ date: wireDateSchema });
export const signOutResponseSchema = z.strictObject({ signOut: signOutSchema });
export const signOutsResponseSchema = z.strictObject({ signOuts: z.array(signOutSchema) });
export type SignOutsResponse = z.infer<typeof signOutsResponseSchema>;

// ── Roll call ──────────────────────────────────────────────────────────────────────────────────

export const rollCallQuerySchema = z.strictObject({
  date: wireDateSchema,
  part: sessionPartSchema,
  /** The moment to judge sign-outs at; default: the server's clock. */
  at: wireInstantSchema.optional(),
});

const whereaboutsCountsSchema = z.strictObject({
  onSite: z.int(),
  offSite: z.int(),
  signedOut: z.int(),
  unknown: z.int(),
});

/** The domain's RollCall (src/domain/rollCall/rollCall.ts) on the wire. */
export const rollCallSchema = z.strictObject({
  session: sessionRefSchema,
  at: isoInstant,
  groups: z.array(
    z.strictObject({
      groupId: z.uuid(),
      groupName: z.string(),
      lines: z.array(
        z.strictObject({
          pupilId: z.uuid(),
          name: z.string(),
          code: z.string().nullable(),
          arrivedAt: isoInstant.nullable(),
          whereabouts: z.enum(['on_site', 'off_site', 'signed_out', 'unknown']),
          basis: z.enum([
            'present',
            'arrived_after_close',
            'educational_activity',
            'absent',
            'not_required',
            'signed_out',
            'no_mark',
            'reason_not_established',
            'unrecognised_code',
          ]),
          signedOutAt: isoInstant.nullable(),
        }),
      ),
      counts: whereaboutsCountsSchema,
    }),
  ),
  totals: whereaboutsCountsSchema,
});

export const rollCallResponseSchema = z.strictObject({
  rollCall: rollCallSchema,
  /** The day's sign-outs, so the tablet can cache them and recompute the roll call offline. */
  signOuts: z.array(signOutSchema),
  serverTime: isoInstant,
});
export type RollCallResponse = z.infer<typeof rollCallResponseSchema>;

// ── Fire drills ────────────────────────────────────────────────────────────────────────────────

export const createFireDrillRequestSchema = z
  .strictObject({
    /** Optional id made on the device: sending the same request again records it only once. */
    id: z.uuid().optional(),
    session: wireSessionRefSchema,
    startedAt: wireInstantSchema,
    endedAt: wireInstantSchema,
    /** Pupils ticked off at the assembly point. */
    accountedFor: z.array(z.uuid()).max(5000),
    /** Pupils expected on site but not found. */
    missing: z.array(z.uuid()).max(5000),
    notes: storableText(1, MAX_DRILL_NOTES_LENGTH).nullable().optional(),
  })
  .refine((d) => Date.parse(d.endedAt) >= Date.parse(d.startedAt), {
    message: 'must not be before startedAt',
    path: ['endedAt'],
  })
  .refine((d) => !d.accountedFor.some((id) => d.missing.includes(id)), {
    message: 'a pupil cannot be both accounted for and missing',
    path: ['missing'],
  });
export type CreateFireDrillRequest = z.infer<typeof createFireDrillRequestSchema>;

const drillPupilSchema = z.strictObject({
  pupilId: z.uuid(),
  name: z.string(),
  groupName: z.string().nullable(),
});

export const fireDrillSchema = z.strictObject({
  id: z.uuid(),
  session: sessionRefSchema,
  startedAt: isoInstant,
  endedAt: isoInstant,
  accountedFor: z.array(drillPupilSchema),
  missing: z.array(drillPupilSchema),
  notes: z.string().nullable(),
  recordedBy: officeActorSchema,
  recordedAt: isoInstant,
});
export type FireDrill = z.infer<typeof fireDrillSchema>;

export const fireDrillsQuerySchema = z.strictObject({
  from: wireDateSchema.optional(),
  to: wireDateSchema.optional(),
});
export const fireDrillResponseSchema = z.strictObject({ drill: fireDrillSchema });
export const fireDrillsResponseSchema = z.strictObject({ drills: z.array(fireDrillSchema) });
export type FireDrillsResponse = z.infer<typeof fireDrillsResponseSchema>;

// ── Conflicts ──────────────────────────────────────────────────────────────────────────────────

/** One mark as the office compares it: value, reason, author, device and both times. */
export const conflictMarkSchema = z.strictObject({
  eventId: z.uuid(),
  code: z.string(),
  minutesLate: z.int().nullable(),
  reason: z.string().nullable(),
  by: officeActorSchema,
  deviceId: z.uuid().nullable(),
  /** What people call the device (its admin-given name, else its sign-in label), if anything. */
  deviceName: z.string().nullable(),
  /** The device's own clock when the mark was made (evidence only). */
  recordedAt: isoInstant,
  /** The server's clock when the mark arrived. */
  receivedAt: isoInstant,
});
export type ConflictMark = z.infer<typeof conflictMarkSchema>;

export const conflictItemSchema = z.strictObject({
  eventId: z.uuid(),
  serverSeq: z.int(),
  /** `conflict`, `superseded`, or `applied` but flagged (it replaced a mark it never saw). */
  status: z.enum(['conflict', 'superseded', 'applied']),
  flagged: z.boolean(),
  /** The server's explanation of the outcome, in plain English. */
  detail: z.string().nullable(),
  pupilId: z.uuid(),
  pupilName: z.string(),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  session: sessionRefSchema,
  /** The queued event's mark. */
  mark: conflictMarkSchema,
  /**
   * The competing mark: the entry's current head for `conflict` and `superseded`; for a flagged
   * `applied` event (which is itself the head) the mark it replaced. Null if there is none.
   */
  other: conflictMarkSchema.nullable(),
  /** The entry's current head: send it as `baseEventId` to take the other mark or amend. */
  headEventId: z.uuid(),
  /** The entry's current code. */
  currentCode: z.string(),
});
export type ConflictItem = z.infer<typeof conflictItemSchema>;

export const conflictsQuerySchema = z.strictObject({
  from: wireDateSchema.optional(),
  to: wireDateSchema.optional(),
});
export const conflictsResponseSchema = z.strictObject({ conflicts: z.array(conflictItemSchema) });
export type ConflictsResponse = z.infer<typeof conflictsResponseSchema>;

export const RESOLUTION_CHOICES = ['kept_current', 'took_other', 'amended'] as const;
export const resolutionChoiceSchema = z.enum(RESOLUTION_CHOICES);
export type ResolutionChoice = z.infer<typeof resolutionChoiceSchema>;

export const resolveConflictRequestSchema = z.strictObject({
  choice: resolutionChoiceSchema,
  note: storableText(1, MAX_NOTE_LENGTH),
});
export type ResolveConflictRequest = z.infer<typeof resolveConflictRequestSchema>;

export const conflictResolutionSchema = z.strictObject({
  eventId: z.uuid(),
  choice: resolutionChoiceSchema,
  note: z.string(),
  by: officeActorSchema,
  at: isoInstant,
});
export type ConflictResolution = z.infer<typeof conflictResolutionSchema>;

export const resolveConflictResponseSchema = z.strictObject({
  resolution: conflictResolutionSchema,
  /** True when the event had already been resolved: the earlier decision is returned unchanged. */
  alreadyResolved: z.boolean(),
});
export type ResolveConflictResponse = z.infer<typeof resolveConflictResponseSchema>;

// ── Daily absentee list ────────────────────────────────────────────────────────────────────────

export const absenteesQuerySchema = z.strictObject({ date: wireDateSchema });

export const absenteeSchema = z.strictObject({
  pupilId: z.uuid(),
  pupilName: z.string(),
  sortName: z.string(),
  groupId: z.uuid(),
  groupName: z.string(),
  session: sessionRefSchema,
  /** The current code, or null when unmarked after the register closed. */
  code: z.string().nullable(),
  /** The code's meaning, or "No mark after the register closed". */
  meaning: z.string(),
  /** The reason recorded with the current mark, if any. */
  reason: z.string().nullable(),
  /** The entry's head (null when unmarked), for an amendment from the list. */
  headEventId: z.uuid().nullable(),
  contact: contactSummarySchema.nullable(),
});
export type Absentee = z.infer<typeof absenteeSchema>;

export const absenteesResponseSchema = z.strictObject({
  date: localDateSchema,
  serverTime: isoInstant,
  /** By group, then pupil, then session (AM before PM). */
  absentees: z.array(absenteeSchema),
});
export type AbsenteesResponse = z.infer<typeof absenteesResponseSchema>;

/** The CSV's column headings, in order. */
export const ABSENTEE_CSV_HEADINGS = [
  'Date',
  'Session',
  'Group',
  'Surname, forename',
  'Code',
  'Meaning',
  'Reason',
  'Contact',
  'Contacted by',
  'Contacted at',
] as const;

// ── A pupil's summary ──────────────────────────────────────────────────────────────────────────

export const pupilSummaryQuerySchema = z.strictObject({ today: wireDateSchema.optional() });

/** A pupil's attendance over a stretch of days, as the domain's statistics count it. */
export const attendancePeriodSchema = z.strictObject({
  /** "This year", or the term's name ("Autumn 2025"). */
  name: z.string(),
  from: localDateSchema,
  to: localDateSchema,
  /** Sessions the pupil could have attended (the denominator). */
  possible: z.int().nonnegative(),
  /** Present or at an approved educational activity. */
  attended: z.int().nonnegative(),
  /** attended ÷ possible, as a percentage; null when there is no possible session. */
  attendancePercent: z.number().nullable(),
  /** Sessions still `N`: absent, reason not yet known. */
  unexplained: z.int().nonnegative(),
  /** Sessions the pupil came late: `L` (before the register closed) and `U` (after). */
  lates: z.int().nonnegative(),
});
export type AttendancePeriod = z.infer<typeof attendancePeriodSchema>;

export const pupilSummaryResponseSchema = z.strictObject({
  pupilId: z.uuid(),
  today: localDateSchema,
  /** The academic year so far (from 1 September). */
  year: attendancePeriodSchema,
  /** The term so far (or the last term, in a holiday); null when no term dates are entered. */
  term: attendancePeriodSchema.nullable(),
});
export type PupilSummaryResponse = z.infer<typeof pupilSummaryResponseSchema>;
