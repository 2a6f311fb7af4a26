/**
 * Fills an empty database with the demo school (`npm start` opens on a live-looking
 * school). It runs once: a database that already has an organisation is left alone, so a second
 * start keeps whatever was done in the demo.
 *
 * The past marks are written straight into the event log in bulk rather than pushed one register
 * at a time: they are valid by construction (made by the domain's own rules), their entries are
 * folded by the same `foldEntries` the push uses, and a first start stays quick.
 */
import {
  foldEntries,
  parseSchoolConfig,
  toSchoolWallClock,
  formatConfigIssue,
  type LocalDate,
  type ServerMarkEvent,
} from '../../domain/index';
import type { PasswordParams } from '../auth/password';
import { hashPassword } from '../auth/password';
import type { Database, Queryable } from '../db/database';
import { SYNC_PROTOCOL_VERSION } from '../../shared/api/syncSchemas';
import { academicYearOf, demoCalendar } from './demoCalendar';
import { demoDeviceId, demoMarks, type DemoEvent } from './demoMarks';
import { DEMO_PASSWORD, demoSchool, type DemoPupil, type DemoSchool } from './demoSchool';

export interface DemoSignIn {
  readonly role: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface SeedResult {
  readonly seeded: boolean;
  readonly signIns: readonly DemoSignIn[];
}

const INSERT_CHUNK = 400;

// Shared by every Tickmark process ("demo" in ASCII); the migration lock uses another key.
const DEMO_SEED_LOCK_KEY = 0x64656d6f;

/** The sign-ins to print: one per role (the first teacher stands for all teachers). */
export function demoSignIns(demo: DemoSchool): DemoSignIn[] {
  const seen = new Set<string>();
  const signIns: DemoSignIn[] = [];
  for (const staff of demo.staff) {
    if (seen.has(staff.role)) continue;
    seen.add(staff.role);
    signIns.push({
      role: staff.role,
      name: staff.name,
      email: staff.email,
      password: DEMO_PASSWORD,
    });
  }
  return signIns;
}

export async function seedDemoIfEmpty(
  db: Database,
  now: Date,
  passwordParams: PasswordParams,
  /** Weeks of past marks before today (the demo's default: 3); a test may ask for a whole term. */
  options: { readonly weeks?: number } = {},
): Promise<SeedResult> {
  const today = toSchoolWallClock(now, 'Europe/London').date;
  const demo = demoSchool(demoCalendar(academicYearOf(today)));
  const signIns = demoSignIns(demo);
  if (await hasOrganisation(db)) return { seeded: false, signIns };

  const parsed = parseSchoolConfig(demo.schoolConfig);
  if (!parsed.ok) {
    throw new Error(
      `The demo school's configuration is invalid: ${parsed.errors.map(formatConfigIssue).join('; ')}`,
    );
  }
  const events = demoMarks(demo, parsed.value, today, now, options.weeks);
  const passwordHash = await hashPassword(DEMO_PASSWORD, passwordParams);

  const seeded = await db.transaction(async (tx) => {
    // Two processes starting at once on one empty PostgreSQL both pass the check above; without
    // this lock the second would crash on the first one's rows. It waits here instead, and then
    // finds the school.
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [DEMO_SEED_LOCK_KEY]);
    if (await hasOrganisation(tx)) return false;
    await insertSchool(tx, demo, parsed.value.timeZone);
    await insertPeople(tx, demo, passwordHash, today, now);
    await insertMarks(tx, demo.schoolId, events);
    return true;
  });
  return { seeded, signIns };
}

async function hasOrganisation(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisation');
  return (rows[0]?.n ?? 0) > 0;
}

async function insertSchool(tx: Queryable, demo: DemoSchool, timeZone: string): Promise<void> {
  await tx.query('INSERT INTO organisation (id, name) VALUES ($1, $2)', [
    demo.organisation.id,
    demo.organisation.name,
  ]);
  await tx.query(
    `INSERT INTO school (id, organisation_id, name, dfe_number, time_zone, config) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      demo.schoolId,
      demo.organisation.id,
      demo.schoolConfig.name,
      demo.schoolConfig.dfeNumber,
      timeZone,
      JSON.stringify(demo.schoolConfig),
    ],
  );
  await tx.query('INSERT INTO sync_head (school_id, seq) VALUES ($1, 0)', [demo.schoolId]);
  for (const group of demo.groups) {
    await tx.query(
      'INSERT INTO school_group (id, school_id, name, year_group) VALUES ($1, $2, $3, $4)',
      [group.id, demo.schoolId, group.name, group.yearGroup],
    );
  }
}

/**
 * The demo pupils' characteristics for the reports' split (docs/design.md §5): held since they
 * came on roll, the yes/no ones and SEN from the pupil's flags, sex from the pupil's id (the
 * demo's random draws are left as they are, so the invented school stays the same).
 */
async function insertCharacteristics(tx: Queryable, schoolId: string, pupil: DemoPupil) {
  const idDigit = parseInt(pupil.id.replace(/-/g, '').slice(-1), 16);
  const spans: [string, string][] = [
    ['sex', idDigit % 2 === 0 ? 'female' : 'male'],
    ['sen', pupil.send ? 'senSupport' : 'none'],
    ['fsm', pupil.fsm ? 'yes' : 'no'],
    ['lookedAfter', pupil.lookedAfter ? 'yes' : 'no'],
    ['socialWorker', pupil.socialWorker ? 'yes' : 'no'],
  ];
  await tx.query(
    `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date)
     SELECT $1, $2, key, value, $3 FROM unnest($4::text[], $5::text[]) AS s(key, value)`,
    [schoolId, pupil.id, pupil.onRollFrom, spans.map((x) => x[0]), spans.map((x) => x[1])],
  );
}

async function insertPeople(
  tx: Queryable,
  demo: DemoSchool,
  passwordHash: string,
  today: LocalDate,
  now: Date,
) {
  for (const pupil of demo.pupils) {
    await tx.query(
      `INSERT INTO pupil (id, school_id, upn, legal_forename, legal_surname, preferred_forename, date_of_birth,
          on_roll_from, send, fsm, looked_after, social_worker)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        pupil.id,
        demo.schoolId,
        pupil.upn,
        pupil.legalFirstName,
        pupil.lastName,
        pupil.preferredFirstName,
        pupil.dateOfBirth,
        pupil.onRollFrom,
        pupil.send,
        pupil.fsm,
        pupil.lookedAfter,
        pupil.socialWorker,
      ],
    );
    await tx.query(
      'INSERT INTO group_membership (pupil_id, group_id, from_date) VALUES ($1, $2, $3)',
      [pupil.id, pupil.groupId, pupil.onRollFrom],
    );
    await insertCharacteristics(tx, demo.schoolId, pupil);
  }
  for (const staff of demo.staff) {
    await tx.query(
      'INSERT INTO staff (id, organisation_id, email, name, password_hash) VALUES ($1, $2, $3, $4, $5)',
      [staff.id, demo.organisation.id, staff.email, staff.name, passwordHash],
    );
    await tx.query('INSERT INTO staff_role (staff_id, school_id, role) VALUES ($1, $2, $3)', [
      staff.id,
      demo.schoolId,
      staff.role,
    ]);
    for (const groupId of staff.groupIds) {
      await tx.query('INSERT INTO staff_group (staff_id, group_id) VALUES ($1, $2)', [
        staff.id,
        groupId,
      ]);
    }
    // The devices the demo history was marked on: a tablet per teacher, a desktop in the office.
    // Their tokens are random and never handed out; signing in enrols a browser of its own.
    const deviceId = demoDeviceId(staff.id);
    await tx.query(
      `INSERT INTO device (device_id, school_id, enrolled_by, label, token_hash, enrolled_at, last_client_seq)
       VALUES ($1, $2, $3, $4, $5, $6, 0)`,
      [
        deviceId,
        demo.schoolId,
        staff.id,
        `Demo device of ${staff.name}`,
        `demo:${deviceId}`,
        `${today}T00:00:00Z`,
      ],
    );
    await tx.query(
      `INSERT INTO device_staff (device_id, staff_id, first_signed_in_at, last_signed_in_at) VALUES ($1, $2, $3, $3)`,
      [deviceId, staff.id, now],
    );
  }
}

async function insertMarks(
  tx: Queryable,
  schoolId: string,
  events: readonly DemoEvent[],
): Promise<void> {
  const serverEvents: ServerMarkEvent[] = events.map((event, index) => ({
    ...event,
    serverSeq: index + 1,
    receivedAt: event.receivedAt.toISOString(),
  }));
  const folded = foldEntries(serverEvents);
  const statusOf = new Map<string, string>();
  for (const entry of folded.values()) {
    for (const { eventId, outcome } of entry.outcomes) statusOf.set(eventId, outcome.status);
  }
  const clientSeqs = new Map<string, number>();
  for (let start = 0; start < serverEvents.length; start += INSERT_CHUNK) {
    const chunk = serverEvents.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    const rows = chunk.map((event) => {
      const deviceId = event.deviceId ?? '';
      const clientSeq = (clientSeqs.get(deviceId) ?? 0) + 1;
      clientSeqs.set(deviceId, clientSeq);
      const values = [
        schoolId,
        event.serverSeq,
        event.eventId,
        event.deviceId,
        clientSeq,
        event.pupilId,
        event.session.date,
        event.session.part,
        event.baseEventId === null ? 'mark' : 'amend',
        event.code,
        event.minutesLate,
        event.arrivedAt,
        event.reason,
        event.baseEventId,
        event.actor.staffId,
        event.actor.name,
        event.actor.role,
        event.recordedAt,
        event.receivedAt,
        statusOf.get(event.eventId) ?? 'applied',
        SYNC_PROTOCOL_VERSION,
      ];
      const first = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${first + i + 1}`).join(', ')})`;
    });
    await tx.query(
      `INSERT INTO mark_event (school_id, server_seq, event_id, device_id, client_seq, pupil_id, session_date,
          session_part, kind, code, minutes_late, arrived_at, reason, base_event_id, actor_staff_id, actor_name,
          actor_role, recorded_at_device, received_at, status, payload_version)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }
  for (const [deviceId, last] of clientSeqs) {
    await tx.query('UPDATE device SET last_client_seq = $2 WHERE device_id = $1', [deviceId, last]);
  }
  const seqOf = new Map(serverEvents.map((e) => [e.eventId, e.serverSeq]));
  const entries = [...folded.values()];
  for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
    const chunk = entries.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    const rows = chunk.map((entry) => {
      const values = [
        schoolId,
        entry.pupilId,
        entry.session.date,
        entry.session.part,
        entry.code,
        entry.minutesLate,
        entry.headEventId,
        seqOf.get(entry.headEventId),
        entry.headRole,
        entry.needsReview,
      ];
      const first = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${first + i + 1}`).join(', ')})`;
    });
    await tx.query(
      `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
          head_event_id, head_seq, head_role, needs_review)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }
  await tx.query('UPDATE sync_head SET seq = $2 WHERE school_id = $1', [
    schoolId,
    serverEvents.length,
  ]);
}
