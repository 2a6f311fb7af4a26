/**
 * Creating a trip: the trip, its leaders, pupils and sessions, and — in the same
 * transaction — the trip's code entered in advance for each pupil and session, as marks made by
 * the office user (`appendServerEvents`). Class teachers then see the trip's pupils as away on
 * their registers, and the leaders' marks build on these entries.
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  isOnRoll,
  localDate,
  longDate,
  ROLE_RANK,
  sessionOf,
  sessionsBetween,
  toSchoolWallClock,
  type GroupRef,
  type LocalDate,
  type MarkActor,
  type Role,
  type SessionRef,
  mayEnter,
} from '../../domain/index';
import {
  MAX_TRIP_SESSIONS,
  type CreateTripResponse,
  type PreEntered,
  type createTripRequestSchema,
} from '../../shared/api/tripSchemas';
import type { z } from 'zod';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { appendServerEvents, type ServerEventInput } from '../register/serverEvents';
import { insertTrip, loadTrips } from './tripStore';

/** How far back a trip may start: a trip entered a little late still gets its register. */
export const MAX_DAYS_BACK = 30;
const MAX_DAYS_AHEAD = 366;
/** Entries one trip may enter in advance (pupils × sessions), to keep one request bounded. */
export const MAX_TRIP_ENTRIES = 4000;

const OFFICE_ROLES: readonly Role[] = ['office', 'attendance_lead', 'admin'];
const ROLE_NAMES: Readonly<Record<Role, string>> = {
  teacher: 'A teacher',
  office: 'Office staff',
  attendance_lead: 'The attendance lead',
  admin: 'An admin',
  governor: 'A governor',
};

export interface CreateTripContext {
  readonly schoolId: string;
  readonly staff: { readonly id: string; readonly name: string };
  /** The creator's roles at the school (at least one office role: the route checks). */
  readonly roles: readonly Role[];
  readonly now: Date;
}

type CreateTripInput = z.output<typeof createTripRequestSchema>;

/** A session as it arrives on the wire or comes from the calendar. */
type SessionLike = { readonly date: string; readonly part: SessionRef['part'] };

const partOrder = (s: SessionLike): string => `${s.date}:${s.part === 'AM' ? 0 : 1}`;
const describe = (s: SessionLike): string =>
  `${longDate(localDate(s.date))} ${s.part === 'AM' ? 'morning' : 'afternoon'}`;

function refuse(message: string): never {
  throw new ApiError('invalid_request', { message });
}

interface Placement {
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
  readonly groups: readonly {
    yearGroup: GroupRef['yearGroup'];
    from: LocalDate;
    to: LocalDate | null;
  }[];
}

async function loadPlacements(
  tx: Queryable,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<Map<string, Placement>> {
  const { rows } = await tx.query<{
    id: string;
    on_roll_from: string;
    on_roll_to: string | null;
    year_group: GroupRef['yearGroup'] | null;
    from_date: string | null;
    to_date: string | null;
  }>(
    `SELECT p.id, to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from,
            to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to, g.year_group,
            to_char(m.from_date, 'YYYY-MM-DD') AS from_date, to_char(m.to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil p
       LEFT JOIN group_membership m ON m.pupil_id = p.id
       LEFT JOIN school_group g ON g.id = m.group_id
      WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])`,
    [schoolId, [...pupilIds]],
  );
  const placements = new Map<string, Placement & { groups: Placement['groups'][number][] }>();
  for (const row of rows) {
    let found = placements.get(row.id);
    if (found === undefined) {
      found = {
        onRollFrom: localDate(row.on_roll_from),
        onRollTo: row.on_roll_to === null ? null : localDate(row.on_roll_to),
        groups: [],
      };
      placements.set(row.id, found);
    }
    if (row.year_group !== null && row.from_date !== null) {
      found.groups.push({
        yearGroup: row.year_group,
        from: localDate(row.from_date),
        to: row.to_date === null ? null : localDate(row.to_date),
      });
    }
  }
  return placements;
}

/** The pupil's year group on `date` when they are on roll and in a group then, else null. */
function yearGroupOn(pupil: Placement, date: LocalDate): GroupRef['yearGroup'] | null {
  if (!isOnRoll(pupil, date)) return null;
  const group = pupil.groups.find((g) => g.from <= date && (g.to === null || g.to >= date));
  return group?.yearGroup ?? null;
}

export async function createTrip(
  db: Database,
  ctx: CreateTripContext,
  input: CreateTripInput,
): Promise<CreateTripResponse> {
  if (partOrder(input.to) < partOrder(input.from)) {
    refuse(`The trip ends (${describe(input.to)}) before it starts (${describe(input.from)}).`);
  }
  const leaderIds = [...new Set(input.leaderIds)];
  const pupilIds = [...new Set(input.pupilIds)];
  const role = [...ctx.roles]
    .filter((r) => OFFICE_ROLES.includes(r))
    .sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])[0];
  if (role === undefined) throw new ApiError('forbidden');

  const tripId = randomUUID();
  const created = await db.transaction(async (tx) => {
    const school = schoolConfigOf(await loadSchoolRow(tx, ctx.schoolId), ctx.now);
    const today = toSchoolWallClock(ctx.now, school.timeZone).date;
    const from = localDate(input.from.date);
    const to = localDate(input.to.date);
    if (from < addDays(today, -MAX_DAYS_BACK)) {
      refuse(
        `The trip starts more than ${MAX_DAYS_BACK} days ago (${longDate(from)}). Amend those sessions on the registers instead.`,
      );
    }
    if (to > addDays(today, MAX_DAYS_AHEAD)) {
      refuse(`The trip ends more than a year ahead (${longDate(to)}). Check the dates.`);
    }
    if (!mayEnter(school, role, input.code)) {
      refuse(
        `${ROLE_NAMES[role]} may not enter '${input.code}' at ${school.name}, so cannot make a trip with that code.`,
      );
    }
    const sessions: SessionRef[] = sessionsBetween(school, from, to)
      .filter((s) => !s.closed)
      .filter((s) => partOrder(s) >= partOrder(input.from) && partOrder(s) <= partOrder(input.to))
      .map((s) => ({ date: s.date, part: s.part }));
    if (sessions.length === 0) {
      refuse(
        `There are no school sessions from ${describe(input.from)} to ${describe(input.to)} at ${school.name}. Check the dates.`,
      );
    }
    if (sessions.length > MAX_TRIP_SESSIONS) {
      refuse(
        `The trip covers ${sessions.length} school sessions; a trip can have at most ${MAX_TRIP_SESSIONS}. Make it two trips.`,
      );
    }
    if (sessions.length * pupilIds.length > MAX_TRIP_ENTRIES) {
      refuse(
        `${pupilIds.length} pupils over ${sessions.length} sessions is more than ${MAX_TRIP_ENTRIES} register entries; split the trip.`,
      );
    }

    const leaders = await tx.query<{ id: string }>(
      `SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $1
        WHERE s.disabled_at IS NULL AND s.id = ANY($2::uuid[])`,
      [ctx.schoolId, leaderIds],
    );
    const unknownLeaders = leaderIds.length - leaders.rows.length;
    if (unknownLeaders > 0) {
      refuse(
        `${unknownLeaders} of the leaders ${unknownLeaders === 1 ? 'is' : 'are'} not on the staff of ${school.name}. Choose leaders from the school's staff.`,
      );
    }
    const placements = await loadPlacements(tx, ctx.schoolId, pupilIds);
    const unknownPupils = pupilIds.filter((id) => !placements.has(id)).length;
    if (unknownPupils > 0) {
      refuse(
        `${unknownPupils} of the pupils ${unknownPupils === 1 ? 'is' : 'are'} not on the roll of ${school.name}.`,
      );
    }

    await insertTrip(tx, {
      id: tripId,
      schoolId: ctx.schoolId,
      name: input.name,
      code: input.code,
      from: { date: from, part: input.from.part },
      to: { date: to, part: input.to.part },
      sessions,
      leaderIds,
      pupilIds,
      createdBy: ctx.staff.id,
      createdAt: ctx.now,
    });

    const actor: MarkActor = { staffId: ctx.staff.id, name: ctx.staff.name, role };
    const reason = `Trip “${input.name}”: entered in advance by the office.`;
    const events: ServerEventInput[] = [];
    let skipped = 0;
    for (const session of sessions) {
      for (const pupilId of pupilIds) {
        const placement = placements.get(pupilId);
        const yearGroup = placement === undefined ? null : yearGroupOn(placement, session.date);
        // No register for this pupil then: not on roll, in no group, or closed for their year.
        if (yearGroup === null || sessionOf(school, session, yearGroup) !== 'open') {
          skipped += 1;
          continue;
        }
        events.push({
          eventId: randomUUID(),
          pupilId,
          session,
          code: input.code,
          minutesLate: null,
          arrivedAt: null,
          reason,
          baseEventId: null,
          actor,
          deviceId: null,
          recordedAt: ctx.now.toISOString(),
          tripId,
        });
      }
    }
    const appended = await appendServerEvents(tx, { schoolId: ctx.schoolId, now: ctx.now, events });
    const preEntered: PreEntered = { applied: 0, unchanged: 0, conflict: 0, skipped };
    for (const event of appended) {
      if (event.status === 'applied') preEntered.applied += 1;
      else if (event.status === 'duplicate_value') preEntered.unchanged += 1;
      else preEntered.conflict += 1;
    }
    const [trip] = await loadTrips(tx, ctx.schoolId, { ids: [tripId] });
    if (trip === undefined) throw new Error(`The trip ${tripId} was not stored.`);
    return { trip, preEntered };
  });
  return created;
}
