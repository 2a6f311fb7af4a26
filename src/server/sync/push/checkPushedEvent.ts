/**
 * The server re-checks every pushed mark with the domain core: who made it, whether the
 * pupil is on this school's roll, whether the session is a school session by the server's clock,
 * whether the role may enter the code, and whether the code and minutes late follow from the
 * arrival (or the minutes late) the device recorded, by the domain's `checkArrival`. A mark that
 * fails is recorded as `rejected` with the reason in plain English, so the teacher sees why and
 * the device's queue never wedges (docs/design.md §7.3).
 */
import {
  addDays,
  checkArrival,
  localDate,
  longDate,
  schoolInstant,
  sessionOf,
  sessionTimesFor,
  toSchoolWallClock,
  validateMark,
  type EntryHead,
  type GroupRef,
  type LocalDate,
  type MarkActor,
  type MarkEvent,
  type SchoolConfig,
  type SessionRef,
  sessionKey,
  schoolForTripMark,
  type WallTime,
} from '../../../domain/index';
import type { PushEvent } from '../../../shared/api/syncSchemas';

/** How far ahead the office may pre-enter codes (a known appointment, granted leave). */
const MAX_DAYS_AHEAD = 366;

export interface PupilPlacement {
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
  /** Group memberships over time; `to` null means still in the group. */
  readonly groups: readonly {
    groupId: string;
    yearGroup: GroupRef['yearGroup'];
    from: LocalDate;
    to: LocalDate | null;
  }[];
}

/** A trip as a mark made through it is checked against. */
export interface TripForCheck {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly leaderIds: ReadonlySet<string>;
  readonly pupilIds: ReadonlySet<string>;
  /** `sessionKey`s of the trip's sessions. */
  readonly sessionKeys: ReadonlySet<string>;
  readonly first: SessionRef;
  readonly last: SessionRef;
}

/** Roles that may mark any trip's register without being named as a leader. */
const OFFICE_ROLES: ReadonlySet<string> = new Set(['office', 'attendance_lead', 'admin']);

/**
 * The school-clock sums a push's checks share, each worked out once per push and kept: today at
 * the school, the last day the office may pre-enter, and the instant each register closes. They
 * depend only on the push's `now`, the school's time zone and the session, and the time-zone
 * arithmetic behind them (the runtime's Intl data) was most of a check's cost when done for each
 * of a batch's events.
 */
export class CheckClock {
  private readonly days = new Map<string, { today: LocalDate; lastAhead: LocalDate }>();
  private readonly instants = new Map<string, number>();

  constructor(readonly now: Date) {}

  /** Today at the school, and the furthest day ahead a mark may be for. */
  daysIn(timeZone: string): { today: LocalDate; lastAhead: LocalDate } {
    let days = this.days.get(timeZone);
    if (days === undefined) {
      const today = toSchoolWallClock(this.now, timeZone).date;
      days = { today, lastAhead: addDays(today, MAX_DAYS_AHEAD) };
      this.days.set(timeZone, days);
    }
    return days;
  }

  /** `schoolInstant` in epoch milliseconds. */
  instant(date: LocalDate, time: WallTime, timeZone: string): number {
    const key = `${date} ${time} ${timeZone}`;
    let ms = this.instants.get(key);
    if (ms === undefined) {
      ms = schoolInstant(date, time, timeZone).getTime();
      this.instants.set(key, ms);
    }
    return ms;
  }
}

export interface CheckInput {
  readonly event: PushEvent;
  readonly school: SchoolConfig;
  readonly actor: MarkActor | undefined;
  readonly pupil: PupilPlacement | undefined;
  /**
   * The trip the event was made through: undefined when it names none, null when it names a trip
   * this school does not have.
   */
  readonly trip?: TripForCheck | null | undefined;
  /** What the author saw: the value of the event named by `baseEventId`, if the server has it. */
  readonly seenHead: EntryHead | null;
  readonly now: Date;
  /** Server time minus device time, as the device estimated it; used to date the device's action. */
  readonly clockOffsetMs: number | null;
  /** The push's shared clock sums, made with the same `now` (a new one when absent). */
  readonly clock?: CheckClock;
}

export type CheckResult =
  | { readonly ok: true; readonly event: MarkEvent; readonly group: GroupRef }
  | { readonly ok: false; readonly message: string };

function groupOn(pupil: PupilPlacement, date: LocalDate): GroupRef | null {
  const membership = pupil.groups.find((g) => g.from <= date && (g.to === null || g.to >= date));
  return membership ? { id: membership.groupId, yearGroup: membership.yearGroup } : null;
}

/**
 * When the author acted (epoch milliseconds), as well as the server can tell: the device's clock
 * corrected by its estimated offset, and never later than now. It decides whether the register
 * had closed when the teacher made the change (a mark made offline at 08:50 and synced at 10:00
 * was made while the register was open).
 */
function actedAt(event: PushEvent, clockOffsetMs: number | null, now: Date): number {
  const device = Date.parse(event.recordedAt) + (clockOffsetMs ?? 0);
  return Math.min(device, now.getTime());
}

export function checkPushedEvent(input: CheckInput): CheckResult {
  const { event, school, actor, pupil, now } = input;
  const clock = input.clock ?? new CheckClock(now);
  const session = { date: localDate(event.session.date), part: event.session.part };
  const when = () => `${longDate(session.date)} ${session.part}`;
  if (actor === undefined) {
    return {
      ok: false,
      message:
        'This mark was made by someone who has not signed in on this device with a role at this school, so it cannot be accepted. Sign in online on this device, then mark again.',
    };
  }
  if (pupil === undefined) {
    return { ok: false, message: "No pupil with this id is on this school's roll." };
  }
  const tripProblem = input.trip === undefined ? null : checkTrip(input.trip, event, actor);
  if (tripProblem !== null) return { ok: false, message: tripProblem };
  if (
    session.date < pupil.onRollFrom ||
    (pupil.onRollTo !== null && session.date > pupil.onRollTo)
  ) {
    return {
      ok: false,
      message: `The pupil was not on this school's roll on ${longDate(session.date)}.`,
    };
  }
  const group = groupOn(pupil, session.date);
  if (group === null) {
    return {
      ok: false,
      message: `The pupil was not in a registration group on ${longDate(session.date)}.`,
    };
  }

  const { today, lastAhead } = clock.daysIn(school.timeZone);
  if (actor.role === 'teacher' && session.date > today) {
    return {
      ok: false,
      message: `The session ${when()} has not happened yet, so its register cannot be taken. Check the tablet's date.`,
    };
  }
  if (session.date > lastAhead) {
    return { ok: false, message: `The session ${when()} is more than a year ahead.` };
  }
  const status = sessionOf(school, session, group.yearGroup);
  if (status === 'not-a-school-day') {
    return {
      ok: false,
      message: `${longDate(session.date)} is not a school day at ${school.name}.`,
    };
  }
  if (status === 'closed') {
    return {
      ok: false,
      message: `${school.name} is closed for the session ${when()} (a planned closure).`,
    };
  }

  const markEvent: MarkEvent = {
    ...(event.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
    eventId: event.eventId,
    pupilId: event.pupilId,
    session,
    code: event.code,
    minutesLate: event.minutesLate,
    arrivedAt: event.arrivedAt,
    reason: event.reason,
    baseEventId: event.baseEventId,
    actor,
    deviceId: null,
    recordedAt: event.recordedAt,
  };
  const times = sessionTimesFor(school, group, session.part);
  const closesAt = clock.instant(session.date, times.registerCloses, school.timeZone);
  const registerClosed = actedAt(event, input.clockOffsetMs, now) >= closesAt;
  // A leader may enter the trip's codes for its pupils, whatever their role may enter at school.
  const rulesSchool = input.trip ? schoolForTripMark(school, actor.role, input.trip.code) : school;
  const rules = validateMark({
    event: markEvent,
    head: input.seenHead,
    school: rulesSchool,
    registerClosed,
  });
  if (!rules.ok) return { ok: false, message: `${rules.errors.map((e) => e.message).join('; ')}.` };
  // A withdrawal takes back a mark whose arrival was judged when it was made (withdrawal.ts).
  if (markEvent.kind === 'withdrawn') return { ok: true, event: markEvent, group };

  // One rule decides an arrival: any mark with an arrival time or minutes late must be what the
  // window in force for this pupil's register gives (docs/api.md, "The arrival rule").
  const arrival = checkArrival({
    school,
    group,
    session,
    claim: { code: event.code, minutesLate: event.minutesLate, arrivedAt: event.arrivedAt },
    now: now.getTime(),
  });
  if (!arrival.ok) return { ok: false, message: arrival.errors.map((e) => e.message).join(' ') };
  return { ok: true, event: markEvent, group };
}

const describeSession = (session: SessionRef): string =>
  `the ${session.part === 'AM' ? 'morning' : 'afternoon'} of ${longDate(session.date)}`;

/**
 * Why a mark made through `trip` cannot be accepted, or null when it can: the trip must be this
 * school's, the author one of its leaders (or office staff), the pupil on it and the session one
 * of its sessions. A teacher who is not a leader cannot mark another class's pupils through it.
 */
function checkTrip(trip: TripForCheck | null, event: PushEvent, actor: MarkActor): string | null {
  if (trip === null) {
    return 'The trip this mark was made through does not exist at this school. Ask the office to check the trip, then mark the pupil on their class register.';
  }
  if (!trip.leaderIds.has(actor.staffId) && !OFFICE_ROLES.has(actor.role)) {
    return `${actor.name} is not named as a leader of the trip “${trip.name}”, so cannot mark its register. Ask the office to add them as a leader.`;
  }
  if (!trip.pupilIds.has(event.pupilId)) {
    return `This pupil is not on the trip “${trip.name}”, so cannot be marked through it. Mark them on their class register instead.`;
  }
  const session = { date: localDate(event.session.date), part: event.session.part };
  if (!trip.sessionKeys.has(sessionKey(session))) {
    return `This pupil cannot be marked through the trip “${trip.name}” for ${describeSession(session)}: the trip runs from ${describeSession(trip.first)} to ${describeSession(trip.last)}. Mark the session on the class register instead.`;
  }
  return null;
}
