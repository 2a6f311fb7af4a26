/**
 * The Node fault harness (docs/reliability.md, "Fault matrix"): the real client (Dexie on
 * fake-indexeddb, `recordMark`, the sync engine) against the real server app in-process on
 * PostgreSQL, with faults injected between them and inside the tablet's storage, and the
 * invariants every fault test asserts:
 *
 * - I1 nothing lost: every mark `recordMark` called saved is still in the tablet's outbox, and
 *   every row the tablet holds as acknowledged is on the server exactly once, under the
 *   acknowledged `serverSeq`;
 * - I2 no duplicate: the server holds each event id once, and each device's `clientSeq`s run
 *   1…last without a hole;
 * - honest status: the pending count the engine reports is the outbox's, a pending mark shows
 *   as pending on the register, and a failed flush never moves "last synced".
 *
 * Faults on the wire, per push request, consumed in order: `pass` (none), `drop-request` (the
 * network fails before the server sees it), `drop-answer` (the server commits, the answer is lost),
 * `hang` (the request never completes: a tab killed while waiting; `hang-after` once the server has
 * committed). Storage faults come from a Dexie middleware: `failWrites(table, error)`.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import type { DBCore, Middleware } from 'dexie';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { recordMark } from '../../../src/client/marks/recordMark';
import type { AppDb } from '../../../src/client/db/appDb';
import { openAppDb } from '../../../src/client/db/db';
import { getMeta } from '../../../src/client/db/meta';
import { registerView } from '../../../src/client/marks/registerView';
import { enrolDevice } from '../../../src/client/sync/enrolDevice';
import { createSyncClient, type FetchLike } from '../../../src/client/sync/syncClient';
import {
  createSyncEngine,
  type FlushResult,
  type SyncEngine,
} from '../../../src/client/sync/syncEngine';
import { inPageMutex } from '../../../src/client/sync/syncLock';
import { ManualTimers } from '../../../src/client/testSupport.fixture';
import { localDate, type Role, type SessionRef, type YearGroup } from '../../../src/domain';
import { ROUTES } from '../../../src/shared/api/routes';
import type { AppEnv } from '../../../src/server/http/appEnv';
import { createTestApp, TestClient, type ManualClock } from '../../server/fixtures';
import type { TestDatabase } from '../../server/harness';
import { createSyncSchool, morningClock, TODAY, type SyncSchool } from '../../server/syncFixtures';

export const AM: SessionRef = { date: localDate(TODAY), part: 'AM' };

export type WireFault = 'pass' | 'drop-request' | 'drop-answer' | 'hang' | 'hang-after';

export interface PushRecord {
  readonly status: number;
  readonly requestBody: string;
  readonly answer: unknown;
}

export interface MarkOptions {
  readonly session?: SessionRef;
  readonly reason?: string | null;
  readonly role?: Role;
}

/** One tablet: its browser (cookies), its IndexedDB (by name, so a new tab can reopen it). */
export class FaultTablet {
  readonly browser: TestClient;
  readonly dbName = `faults-${randomUUID()}`;
  db: AppDb;
  engine: SyncEngine;
  readonly deviceId: string;
  readonly staffId: string;
  readonly role: Role;
  /** Faults for the next push requests, used up in order. */
  readonly faults: WireFault[] = [];
  readonly pushes: PushRecord[] = [];
  /** Every mark `recordMark` called saved, in order. */
  readonly saved: string[] = [];
  /** Device clock offset from the server's (ms): a tablet whose clock is wrong. */
  skewMs = 0;
  private readonly clock: ManualClock;
  private readonly pushBatchSize: number | undefined;
  readonly hung: Promise<never>[] = [];

  constructor(init: {
    browser: TestClient;
    deviceId: string;
    staffId: string;
    role: Role;
    clock: ManualClock;
    pushBatchSize?: number;
  }) {
    this.browser = init.browser;
    this.deviceId = init.deviceId;
    this.staffId = init.staffId;
    this.role = init.role;
    this.clock = init.clock;
    this.pushBatchSize = init.pushBatchSize;
    this.db = openAppDb(this.dbName);
    this.engine = this.newEngine();
  }

  readonly deviceClock = { now: () => this.clock.now().getTime() + this.skewMs };

  private readonly fetch: FetchLike = async (url, init) => {
    const isPush = url.startsWith(ROUTES.syncPush);
    const fault = isPush ? this.faults.shift() : undefined;
    if (fault === 'drop-request') throw new TypeError('Failed to fetch');
    if (fault === 'hang') return this.hang();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await this.browser.request(init.method ?? 'GET', url, undefined, {
      headers,
      ...(typeof init.body === 'string' ? { rawBody: init.body } : {}),
    });
    if (isPush) {
      this.pushes.push({
        status: response.status,
        requestBody: typeof init.body === 'string' ? init.body : '',
        answer: (await response.clone().json()) as unknown,
      });
    }
    if (fault === 'drop-answer') throw new TypeError('Failed to fetch');
    if (fault === 'hang-after') return this.hang();
    return response;
  };

  private hang(): Promise<never> {
    const forever = new Promise<never>(() => undefined);
    this.hung.push(forever);
    return forever;
  }

  private newEngine(): SyncEngine {
    return createSyncEngine({
      db: this.db,
      client: createSyncClient({ fetch: this.fetch }),
      clock: this.deviceClock,
      // Timers the test never runs: every flush is the test's own.
      timers: new ManualTimers(),
      lock: inPageMutex(),
      random: () => 0.5,
      ...(this.pushBatchSize === undefined ? {} : { pushBatchSize: this.pushBatchSize }),
    });
  }

  /** The tab is killed: its engine and its database connection are gone, mid-await or not. */
  kill(): void {
    this.engine.dispose();
    this.db.close();
  }

  /** A new tab on the same tablet: the same IndexedDB, a fresh engine. */
  reopen(): void {
    this.db = openAppDb(this.dbName);
    this.engine = this.newEngine();
  }

  /** A second tab open at the same time, with its own engine and lock. */
  secondTab(): { db: AppDb; engine: SyncEngine } {
    const db = openAppDb(this.dbName);
    const engine = createSyncEngine({
      db,
      client: createSyncClient({ fetch: this.fetch }),
      clock: this.deviceClock,
      timers: new ManualTimers(),
      lock: inPageMutex(),
      random: () => 0.5,
    });
    return { db, engine };
  }

  async mark(pupilId: string, code: string, options: MarkOptions = {}): Promise<string> {
    const marked = await recordMark(
      this.db,
      {
        pupilId,
        session: options.session ?? AM,
        code,
        reason: options.reason ?? null,
        actor: { staffId: this.staffId, role: options.role ?? this.role },
      },
      { clock: this.deviceClock, newEventId: () => randomUUID() },
    );
    if (!marked.ok) throw new Error(JSON.stringify(marked.errors));
    this.saved.push(marked.value.eventId);
    return marked.value.eventId;
  }

  async flush(): Promise<FlushResult> {
    const before = await getMeta(this.db, 'lastSyncedAt');
    const result = await this.engine.flush();
    if (!result.ok) {
      // A failed flush never claims to have synced.
      expect(await getMeta(this.db, 'lastSyncedAt')).toBe(before);
      expect(this.engine.getStatus().error).not.toBeNull();
    }
    return result;
  }

  async pendingCount(): Promise<number> {
    return this.db.outbox.where('status').equals('pending').count();
  }
}

export interface FaultWorld {
  readonly testDb: TestDatabase;
  readonly school: SyncSchool;
  readonly clock: ManualClock;
  readonly app: Hono<AppEnv>;
  readonly tablets: FaultTablet[];
  tablet(handle: string, options?: { role?: Role; pushBatchSize?: number }): Promise<FaultTablet>;
  /** Closes every tablet's engine and database. */
  close(): void;
}

export async function faultWorld(
  testDb: TestDatabase,
  options: { groups?: { name: string; yearGroup: YearGroup; pupils: number }[] } = {},
): Promise<FaultWorld> {
  const school = await createSyncSchool(testDb.db, {
    ...(options.groups === undefined ? {} : { groups: options.groups }),
  });
  const clock = morningClock();
  const { app } = createTestApp(testDb.db, { clock });
  const tablets: FaultTablet[] = [];
  return {
    testDb,
    school,
    clock,
    app,
    tablets,
    async tablet(handle, tabletOptions = {}) {
      const staff = school.member(handle);
      const browser = new TestClient(app);
      const session = await browser.signIn(staff, { deviceLabel: `${handle}'s tablet` });
      const role = tabletOptions.role ?? session.roles[0]?.role ?? 'teacher';
      const tablet = new FaultTablet({
        browser,
        deviceId: session.device.id,
        staffId: staff.id,
        role,
        clock,
        ...(tabletOptions.pushBatchSize === undefined
          ? {}
          : { pushBatchSize: tabletOptions.pushBatchSize }),
      });
      await enrolDevice(tablet.db, session.device.id);
      tablets.push(tablet);
      return tablet;
    },
    close() {
      for (const tablet of tablets.splice(0)) tablet.kill();
    },
  };
}

/** Every event id the school's log holds, with the serverSeqs it is stored under. */
async function serverLog(testDb: TestDatabase, schoolId: string): Promise<Map<string, number[]>> {
  const { rows } = await testDb.db.query<{ event_id: string; server_seq: number }>(
    'SELECT event_id, server_seq FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  const log = new Map<string, number[]>();
  for (const row of rows)
    log.set(row.event_id, [...(log.get(row.event_id) ?? []), Number(row.server_seq)]);
  return log;
}

/** I1, I2 and an honest status, for every tablet of the world. */
export async function expectInvariants(world: FaultWorld): Promise<void> {
  const { testDb, school } = world;
  const dup = await testDb.db.query<{ n: number; d: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM mark_event WHERE school_id = $1',
    [school.id],
  );
  expect(dup.rows[0]?.n, 'each event stored once').toBe(dup.rows[0]?.d);
  const devices = await testDb.db.query<{ device_id: string; last: number; seqs: number[] | null }>(
    `SELECT d.device_id, d.last_client_seq AS last,
            array_agg(e.client_seq ORDER BY e.client_seq) FILTER (WHERE e.client_seq IS NOT NULL) AS seqs
       FROM device d LEFT JOIN mark_event e ON e.device_id = d.device_id
      WHERE d.school_id = $1 GROUP BY d.device_id, d.last_client_seq`,
    [school.id],
  );
  for (const d of devices.rows) {
    const seqs = (d.seqs ?? []).map(Number);
    expect(seqs, `client_seq of device ${d.device_id}`).toEqual(
      Array.from({ length: Number(d.last) }, (_, i) => i + 1),
    );
  }
  const log = await serverLog(testDb, school.id);
  for (const tablet of world.tablets) {
    const rows = await tablet.db.outbox.toArray();
    const ids = new Set(rows.map((r) => r.eventId));
    expect(
      tablet.saved.filter((id) => !ids.has(id)),
      'marks the tablet called saved',
    ).toEqual([]);
    const wrong: string[] = [];
    for (const row of rows) {
      const seqs = log.get(row.eventId) ?? [];
      if (row.status === 'acked' && (seqs.length !== 1 || seqs[0] !== row.serverSeq)) {
        wrong.push(
          `acknowledged ${row.eventId} as ${row.serverSeq}, stored as [${seqs.join(',')}]`,
        );
      } else if (row.status === 'rejected' && seqs.length !== 0) {
        wrong.push(`rejected ${row.eventId} is stored`);
      } else if (row.status === 'pending' && seqs.length > 1) {
        wrong.push(`pending ${row.eventId} is stored ${seqs.length} times`);
      }
    }
    expect(wrong.slice(0, 10), 'outbox against the server').toEqual([]);
    await tablet.engine.refreshStatus();
    const pending = rows.filter((r) => r.status === 'pending');
    expect(tablet.engine.getStatus().pendingCount, 'pending count shown').toBe(pending.length);
    // A pending mark shows as pending on its register, never as synced.
    for (const row of pending.slice(0, 20)) {
      const group = world.school.groups.find((g) => g.pupilIds.includes(row.pupilId));
      if (group === undefined) continue;
      const view = await registerView(tablet.db, group.id, row.session);
      const shown = view.pupils.find((p) => p.pupilId === row.pupilId);
      if (shown !== undefined) expect(shown.isPending, `${row.eventId} shown pending`).toBe(true);
    }
  }
}

/** Rows of the tablet's outbox by status. */
export async function statuses(tablet: FaultTablet): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const row of await tablet.db.outbox.toArray()) out[row.status] = (out[row.status] ?? 0) + 1;
  return out;
}

/**
 * A Dexie middleware that makes writes to `table` fail with `error` while `active()` holds:
 * a full disk (QuotaExceededError) or a storage fault in the middle of a sync.
 */
export function failingWrites(
  table: string,
  error: () => Error,
  active: () => boolean,
): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: `fail-writes-${table}`,
    create(down) {
      return {
        ...down,
        table(name) {
          const inner = down.table(name);
          if (name !== table) return inner;
          return {
            ...inner,
            mutate(req) {
              if (active()) return Promise.reject(error());
              return inner.mutate(req);
            },
          };
        },
      };
    },
  };
}

export function quotaExceeded(): Error {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}
