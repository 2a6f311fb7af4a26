/**
 * Builders for the sync tests: a school with a real configuration (sessions, terms, closures,
 * bank holidays) that the domain parser accepts, groups and pupils on roll, staff who sign in
 * through the API (so `device_staff` holds them), and a tablet stand-in that numbers its events
 * 1, 2, 3… and pushes and pulls with its own cookies and Origin.
 *
 * The calendar is the academic year 2024–25 at a school in England. The default clock is
 * Tuesday 4 March 2025, 08:50 in London (GMT, so UTC too): the morning register is open.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { Role, YearGroup } from '../../src/domain';
import { parseSchoolConfig } from '../../src/domain';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import type { ApiErrorBody } from '../../src/shared/api/apiErrors';
import { pupilEntriesResponseSchema } from '../../src/shared/api/entrySchemas';
import type { PupilEntriesResponse } from '../../src/shared/api/entrySchemas';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import {
  pullResponseSchema,
  pushResponseSchema,
  SYNC_PROTOCOL_VERSION,
} from '../../src/shared/api/syncSchemas';
import type { PullResponse, PushEvent, PushResponse } from '../../src/shared/api/syncSchemas';
import type { Database, Queryable } from '../../src/server/db/database';
import type { AppEnv } from '../../src/server/http/appEnv';
import { addStaff, ManualClock, TestClient } from './fixtures';
import type { RequestOptions, TestStaff } from './fixtures';
import { ENTRY_COLUMNS, type EntryRow } from '../../src/server/register/entryRows';

/** A school day inside the spring term: Tuesday 4 March 2025 (GMT). */
export const TODAY = '2025-03-04';
/** 08:50 in London on {@link TODAY}: five minutes after the morning register opened. */
export const MORNING = '2025-03-04T08:50:00.000Z';
/** The morning session's times in the test configuration (PM: 13:00, closes 13:15). */
export const AM_START = '08:45';
export const AM_CLOSES = '09:15';

/** Dates of the calendar that tests refuse or accept, with why. */
export const DATES = {
  yesterday: '2025-03-03',
  tomorrow: '2025-03-05',
  saturday: '2025-03-08',
  /** An INSET day: the school is closed (`#`), no register is taken. */
  inset: '2025-03-07',
  /** The spring half-term holiday. */
  halfTerm: '2025-02-19',
  /** The early May bank holiday (a Monday in term). */
  bankHoliday: '2025-05-05',
  /** A Tuesday in British Summer Time (BST, UTC+1). */
  bstDay: '2025-05-06',
  /** An open school day some weeks ahead (office staff may pre-enter codes for it). */
  laterInTerm: '2025-03-25',
  /** More than a year after {@link TODAY}. */
  overAYearAhead: '2026-03-10',
  /** A day of the previous autumn term. */
  autumn: '2024-11-12',
} as const;

/** A school configuration the domain parser accepts, for a school with `id` and `name`. */
export function syncSchoolConfig(id: string, name: string): Record<string, unknown> {
  return {
    id,
    name,
    timeZone: 'Europe/London',
    sessions: {
      AM: { start: AM_START, registerCloses: AM_CLOSES },
      PM: { start: '13:00', registerCloses: '13:15' },
    },
    // The nursery registers later in the morning (seed 001).
    sessionOverrides: [{ yearGroup: 'N2', AM: { start: '09:00', registerCloses: '09:15' } }],
    terms: [
      { name: 'Autumn 1', start: '2024-09-03', end: '2024-10-25' },
      { name: 'Autumn 2', start: '2024-11-04', end: '2024-12-20' },
      { name: 'Spring 1', start: '2025-01-06', end: '2025-02-14' },
      { name: 'Spring 2', start: '2025-02-24', end: '2025-04-04' },
      { name: 'Summer 1', start: '2025-04-22', end: '2025-05-23' },
      { name: 'Summer 2', start: '2025-06-02', end: '2025-07-22' },
      { name: 'Autumn 1 2025', start: '2025-09-03', end: '2025-10-24' },
    ],
    closures: [
      { name: 'INSET day', from: '2024-09-03' },
      { name: 'INSET day', from: DATES.inset },
    ],
    bankHolidays: ['2024-12-25', '2024-12-26', '2025-04-18', '2025-04-21', DATES.bankHoliday],
  };
}

export interface SyncGroup {
  readonly id: string;
  readonly name: string;
  readonly yearGroup: YearGroup;
  /** Pupil ids in the group, in creation order. */
  readonly pupilIds: readonly string[];
}

export interface SyncSchool {
  readonly organisationId: string;
  readonly id: string;
  readonly name: string;
  readonly groups: readonly SyncGroup[];
  /** Every pupil id, group by group. */
  readonly pupilIds: readonly string[];
  /** By the handle given in `staff`. */
  readonly staff: Readonly<Record<string, TestStaff>>;
  /** Looks a staff member up by handle, failing the test for an unknown one. */
  member(handle: string): TestStaff;
  /** The nth pupil (0-based) of the first group. */
  pupil(index: number): string;
}

export interface CreateSyncSchoolOptions {
  readonly name?: string;
  readonly organisationId?: string;
  /** Staff by handle with their roles; default: two teachers, office, lead and admin. */
  readonly staff?: Readonly<Record<string, readonly Role[]>>;
  /** Groups with their sizes; default: a Year 3 class of 30 and a nursery group of 5. */
  readonly groups?: readonly { name: string; yearGroup: YearGroup; pupils: number }[];
}

const DEFAULT_STAFF: Readonly<Record<string, readonly Role[]>> = {
  teacher: ['teacher'],
  teacher2: ['teacher'],
  office: ['office'],
  lead: ['attendance_lead'],
  admin: ['admin'],
};

const DEFAULT_GROUPS = [
  { name: 'Year 3 — Foxes', yearGroup: '3', pupils: 30 },
  { name: 'Nursery — Hedgehogs', yearGroup: 'N2', pupils: 5 },
] as const;

/** The day pupils joined (the first day of the autumn term). */
const ON_ROLL_FROM = '2024-09-03';

/**
 * Creates a school ready for sync: configuration in `school.config` (checked with the domain
 * parser here, so a broken fixture fails loudly), its counter row, groups, pupils on roll with
 * group memberships, and staff with roles. Staff still have to sign in on a device
 * ({@link signedInDevice}) before their marks are accepted.
 */
export async function createSyncSchool(
  db: Queryable,
  options: CreateSyncSchoolOptions = {},
): Promise<SyncSchool> {
  const organisationId = options.organisationId ?? randomUUID();
  if (options.organisationId === undefined) {
    await db.query('INSERT INTO organisation (id, name) VALUES ($1, $2)', [
      organisationId,
      'Test Learning Trust',
    ]);
  }
  const id = randomUUID();
  const name = options.name ?? `Test Primary ${id.slice(0, 4)}`;
  const config = syncSchoolConfig(id, name);
  const parsed = parseSchoolConfig(config);
  if (!parsed.ok) throw new Error(`test school config: ${JSON.stringify(parsed.errors)}`);
  await db.query(
    'INSERT INTO school (id, organisation_id, name, time_zone, config) VALUES ($1, $2, $3, $4, $5)',
    [id, organisationId, name, 'Europe/London', JSON.stringify(config)],
  );
  await db.query('INSERT INTO sync_head (school_id, seq) VALUES ($1, 0)', [id]);

  const groups: SyncGroup[] = [];
  let serial = 0;
  for (const spec of options.groups ?? DEFAULT_GROUPS) {
    const groupId = randomUUID();
    await db.query(
      'INSERT INTO school_group (id, school_id, name, year_group) VALUES ($1, $2, $3, $4)',
      [groupId, id, spec.name, spec.yearGroup],
    );
    const pupilIds: string[] = [];
    for (let i = 0; i < spec.pupils; i += 1) {
      serial += 1;
      const pupilId = randomUUID();
      await db.query(
        `INSERT INTO pupil (id, school_id, legal_forename, legal_surname, date_of_birth, on_roll_from)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          pupilId,
          id,
          `Pupil${serial}`,
          `Surname${String(serial).padStart(3, '0')}`,
          '2016-05-01',
          ON_ROLL_FROM,
        ],
      );
      await db.query(
        'INSERT INTO group_membership (pupil_id, group_id, from_date) VALUES ($1, $2, $3)',
        [pupilId, groupId, ON_ROLL_FROM],
      );
      pupilIds.push(pupilId);
    }
    groups.push({ id: groupId, name: spec.name, yearGroup: spec.yearGroup, pupilIds });
  }

  const staff: Record<string, TestStaff> = {};
  for (const [handle, roles] of Object.entries(options.staff ?? DEFAULT_STAFF)) {
    staff[handle] = await addStaff(db, { organisationId, schoolId: id, handle, roles });
  }
  const pupilIds = groups.flatMap((g) => g.pupilIds);
  return {
    organisationId,
    id,
    name,
    groups,
    pupilIds,
    staff,
    member(handle) {
      const found = staff[handle];
      if (found === undefined) throw new Error(`no staff member "${handle}" in the test school`);
      return found;
    },
    pupil(index) {
      const found = groups[0]?.pupilIds[index];
      if (found === undefined) throw new Error(`no pupil ${index} in the first group`);
      return found;
    },
  };
}

/** Makes `staff` the teacher of `group` (`staff_group`): they read its pupils' reasons and history. */
export async function teachGroup(db: Queryable, staff: TestStaff, group: SyncGroup | undefined) {
  if (group === undefined) throw new Error('no such group in the test school');
  await db.query('INSERT INTO staff_group (staff_id, group_id) VALUES ($1, $2)', [
    staff.id,
    group.id,
  ]);
}

/** What a test gives to build an event; everything else has a sensible default. */
export interface EventInput {
  readonly pupilId: string;
  readonly date?: string;
  readonly part?: 'AM' | 'PM';
  readonly code?: string;
  readonly minutesLate?: number | null;
  readonly arrivedAt?: string | null;
  readonly reason?: string | null;
  readonly baseEventId?: string | null;
  /** Default: whoever is signed in on the device now. */
  readonly actorStaffId?: string;
  /** Default: the clock's now (or {@link MORNING} without a clock). */
  readonly recordedAt?: string;
  readonly eventId?: string;
  /** Default: the device's next number. */
  readonly clientSeq?: number;
  /** Default: none (a mark); 'withdrawn' for an undo of the mark named by `baseEventId`. */
  readonly kind?: 'mark' | 'withdrawn';
}

/**
 * A tablet: one enrolled device whose browser keeps its cookies. It numbers new events in order,
 * as the outbox does, and can take several people's sign-ins (a shared classroom tablet).
 */
export class SyncDevice {
  readonly client: TestClient;
  readonly deviceId: string;
  /** Who is signed in on the device now. */
  staff: TestStaff;
  private nextSeq = 1;
  private readonly clock: ManualClock | undefined;

  constructor(client: TestClient, deviceId: string, staff: TestStaff, clock?: ManualClock) {
    this.client = client;
    this.deviceId = deviceId;
    this.staff = staff;
    this.clock = clock;
  }

  /** The number the next new event will get. */
  get upcomingSeq(): number {
    return this.nextSeq;
  }

  /** Numbers the next new events from `seq` (after a 422 `events_rejected`, from `expected`). */
  renumberFrom(seq: number): void {
    this.nextSeq = seq;
  }

  /** Builds an event with the next clientSeq (or the one given). */
  event(input: EventInput): PushEvent {
    const clientSeq = input.clientSeq ?? this.nextSeq;
    if (input.clientSeq === undefined) this.nextSeq += 1;
    return {
      clientSeq,
      ...(input.kind === undefined ? {} : { kind: input.kind }),
      eventId: input.eventId ?? randomUUID(),
      actorStaffId: input.actorStaffId ?? this.staff.id,
      pupilId: input.pupilId,
      session: { date: input.date ?? TODAY, part: input.part ?? 'AM' },
      code: input.code ?? '/',
      minutesLate: input.minutesLate ?? null,
      arrivedAt: input.arrivedAt ?? null,
      reason: input.reason ?? null,
      baseEventId: input.baseEventId ?? null,
      recordedAt: input.recordedAt ?? this.clock?.now().toISOString() ?? MORNING,
    };
  }

  /** A whole register: one event per pupil, in order. */
  register(pupilIds: readonly string[], input: Omit<EventInput, 'pupilId'> = {}): PushEvent[] {
    return pupilIds.map((pupilId) => this.event({ ...input, pupilId }));
  }

  /** The same events under fresh numbers from `seq` (ids and content unchanged). */
  renumbered(events: readonly PushEvent[], seq: number): PushEvent[] {
    this.nextSeq = seq + events.length;
    return events.map((e, i) => ({ ...e, clientSeq: seq + i }));
  }

  /** The push request body for `events`. */
  body(
    events: readonly PushEvent[],
    extra: { clockOffsetMs?: number | null; deviceId?: string } = {},
  ): Record<string, unknown> {
    return {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      deviceId: extra.deviceId ?? this.deviceId,
      clockOffsetMs: extra.clockOffsetMs === undefined ? 0 : extra.clockOffsetMs,
      events,
    };
  }

  /** POSTs a push and returns the raw response. */
  push(
    events: readonly PushEvent[],
    extra: { clockOffsetMs?: number | null; deviceId?: string } = {},
    options?: RequestOptions,
  ): Promise<Response> {
    return this.client.post(ROUTES.syncPush, this.body(events, extra), options);
  }

  /** Pushes and expects 200; returns the parsed (schema-checked) answer. */
  async pushOk(
    events: readonly PushEvent[],
    extra: { clockOffsetMs?: number | null } = {},
  ): Promise<PushResponse> {
    const res = await this.push(events, extra);
    const body: unknown = await res.json();
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(body)}`);
    return pushResponseSchema.parse(body);
  }

  /** Pushes and expects an error status; returns the parsed error body. */
  async pushError(
    events: readonly PushEvent[],
    status: number,
    extra: { clockOffsetMs?: number | null; deviceId?: string } = {},
  ): Promise<ApiErrorBody> {
    const res = await this.push(events, extra);
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    return apiErrorBodySchema.parse(body);
  }

  /** GET /api/sync/pull; expects 200 and returns the parsed answer. */
  async pull(
    query: { after: number; limit?: number; epoch?: string; rosterVersion?: number } = {
      after: 0,
    },
  ): Promise<PullResponse> {
    const params = new URLSearchParams({ after: String(query.after) });
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.epoch !== undefined) params.set('epoch', query.epoch);
    params.set('rosterVersion', String(query.rosterVersion ?? 1));
    const res = await this.client.get(`${ROUTES.syncPull}?${params}`);
    const body: unknown = await res.json();
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(body)}`);
    return pullResponseSchema.parse(body);
  }

  /** Pulls every page from `after` and returns the events in the order they came. */
  async pullAll(after = 0, limit?: number): Promise<PullResponseEvents> {
    const events: PullResponseEvents = [];
    let cursor = after;
    for (let page = 0; page < 10_000; page += 1) {
      const answer = await this.pull({ after: cursor, ...(limit === undefined ? {} : { limit }) });
      if (answer.kind !== 'events') throw new Error(`pull answered ${answer.kind}`);
      events.push(...answer.events);
      cursor = answer.nextCursor;
      if (!answer.hasMore) return events;
    }
    throw new Error('pullAll did not finish');
  }

  /** GET /api/pupils/:id/entries; expects 200. */
  async entries(pupilId: string, from: string, to: string): Promise<PupilEntriesResponse> {
    const res = await this.client.get(
      `${routePath(ROUTES.pupilEntries, { id: pupilId })}?from=${from}&to=${to}`,
    );
    const body: unknown = await res.json();
    if (res.status !== 200) throw new Error(`entries: ${res.status} ${JSON.stringify(body)}`);
    return pupilEntriesResponseSchema.parse(body);
  }

  /**
   * The same tablet talking to another server process (another app on the same database): a
   * browser with the same cookies. Build events on the original; push them through either.
   */
  onApp(app: Hono<AppEnv>): SyncDevice {
    const twin = new TestClient(app, { address: this.client.address });
    for (const [name, value] of this.client.cookies) twin.cookies.set(name, value);
    return new SyncDevice(twin, this.deviceId, this.staff, this.clock);
  }

  /** Someone else signs in on this same tablet (it keeps its device id and its numbering). */
  async switchTo(staff: TestStaff): Promise<void> {
    const session = await this.client.signIn(staff, { deviceId: this.deviceId });
    if (session.device.id !== this.deviceId) throw new Error('sign-in enrolled a new device');
    this.staff = staff;
  }
}

export type PullResponseEvents = Extract<PullResponse, { kind: 'events' }>['events'][number][];

/**
 * Signs `staff` in through the API on a new browser (so the device is enrolled and
 * `device_staff` records them) and returns the tablet.
 */
export async function signedInDevice(
  app: Hono<AppEnv>,
  staff: TestStaff,
  options: { clock?: ManualClock; label?: string } = {},
): Promise<SyncDevice> {
  const client = new TestClient(app);
  const session = await client.signIn(staff, { deviceLabel: options.label ?? 'Class tablet' });
  return new SyncDevice(client, session.device.id, staff, options.clock);
}

/** A clock at {@link MORNING} (or `at`). */
export function morningClock(at: string = MORNING): ManualClock {
  return new ManualClock(at);
}

/** Everything a push may change, to compare before and after a refused one. */
export interface StoredState {
  readonly markEvents: number;
  readonly headSeq: number;
  readonly entries: readonly Record<string, unknown>[];
  readonly lastClientSeq: Readonly<Record<string, number>>;
}

export async function storedState(db: Queryable, schoolId: string): Promise<StoredState> {
  const events = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  const head = await db.query<{ seq: number }>('SELECT seq FROM sync_head WHERE school_id = $1', [
    schoolId,
  ]);
  const entries = await db.query(
    `SELECT ${ENTRY_COLUMNS}
       FROM register_entry WHERE school_id = $1
      ORDER BY pupil_id, session_date, session_part`,
    [schoolId],
  );
  const devices = await db.query<{ device_id: string; last_client_seq: number }>(
    'SELECT device_id, last_client_seq FROM device WHERE school_id = $1',
    [schoolId],
  );
  return {
    markEvents: events.rows[0]?.n ?? -1,
    headSeq: head.rows[0]?.seq ?? -1,
    entries: entries.rows,
    lastClientSeq: Object.fromEntries(devices.rows.map((d) => [d.device_id, d.last_client_seq])),
  };
}

/** How many times `eventId` is stored at the school (exactly-once means 1). */
export async function storedCount(
  db: Queryable,
  schoolId: string,
  eventId: string,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1 AND event_id = $2',
    [schoolId, eventId],
  );
  return rows[0]?.n ?? -1;
}

export type StoredEntry = Omit<EntryRow, 'pupil_id' | 'session_date' | 'session_part'>;

/** The register_entry row of one pupil and session, or null. */
export async function storedEntry(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  date: string = TODAY,
  part: 'AM' | 'PM' = 'AM',
): Promise<StoredEntry | null> {
  const { rows } = await db.query<StoredEntry>(
    `SELECT code, minutes_late, head_event_id, head_seq, head_role, needs_review FROM register_entry
      WHERE school_id = $1 AND pupil_id = $2 AND session_date = $3 AND session_part = $4`,
    [schoolId, pupilId, date, part],
  );
  return rows[0] ?? null;
}

/** `db`, counting the transactions it starts and the statements run inside them. */
export function countingDatabase(db: Database): {
  db: Database;
  statements: () => number;
  transactions: () => number;
} {
  let statements = 0;
  let transactions = 0;
  const countTx = (tx: Queryable): Queryable => ({
    query: (sql, params) => {
      statements += 1;
      return tx.query(sql, params);
    },
    exec: (sql) => tx.exec(sql),
  });
  return {
    db: {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      exec: (sql) => db.exec(sql),
      transaction: (fn) => {
        transactions += 1;
        return db.transaction((tx) => fn(countTx(tx)));
      },
      close: () => db.close(),
    },
    statements: () => statements,
    transactions: () => transactions,
  };
}

/** A transaction stopped at a {@link gatedDatabase} gate. */
export interface Gate {
  /** Resolves once a transaction has run the gated statement and is waiting. */
  readonly reached: Promise<void>;
  /** Lets the waiting transaction go on (to commit, or roll back). */
  release(): void;
}

/**
 * Wraps `db` so that a test can hold a transaction open at a chosen point: after `arm()`, the
 * next statement inside a transaction whose SQL matches `after` runs, and then the transaction
 * waits until the gate is released. Everything it did so far (locks included) stays held.
 */
export function gatedDatabase(db: Database, after: RegExp): { db: Database; arm(): Gate } {
  let armed: { reachedNow: () => void; opened: Promise<void> } | null = null;
  const gateTx = (tx: Queryable): Queryable => ({
    async query<T extends object = Record<string, unknown>>(
      sql: string,
      params?: readonly unknown[],
    ) {
      const result = await tx.query<T>(sql, params);
      const gate = armed;
      if (gate !== null && after.test(sql)) {
        armed = null;
        gate.reachedNow();
        await gate.opened;
      }
      return result;
    },
    exec: (sql: string) => tx.exec(sql),
  });
  return {
    db: {
      kind: db.kind,
      query: <T extends object = Record<string, unknown>>(
        sql: string,
        params?: readonly unknown[],
      ) => db.query<T>(sql, params),
      exec: (sql: string) => db.exec(sql),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(gateTx(tx))),
      close: () => db.close(),
    },
    arm() {
      let reachedNow = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => {
        reachedNow = resolve;
      });
      const opened = new Promise<void>((resolve) => {
        release = resolve;
      });
      armed = { reachedNow, opened };
      return { reached, release };
    },
  };
}

/**
 * Waits until some PostgreSQL backend of this database is blocked on a lock, and returns the SQL
 * it is waiting in. Fails after `timeoutMs`.
 */
export async function waitForLockWait(db: Queryable, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ query: string }>(
      `SELECT query FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0] !== undefined) return rows[0].query;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no backend started waiting on a lock');
}

/** Whether `promise` is still pending after `ms` milliseconds. */
export async function stillPending(promise: Promise<unknown>, ms = 100): Promise<boolean> {
  const pending = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => null,
      () => null,
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), ms)),
  ]);
  return winner === pending;
}
