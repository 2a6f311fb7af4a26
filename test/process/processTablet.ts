/**
 * A real tablet against a real server process: the client's own Dexie database (fake-indexeddb),
 * `recordMark` and sync engine, talking HTTP to the server through the process harness's
 * {@link Browser} (cookies kept, Origin sent). The engine's timers never fire by themselves, so
 * every flush is the test's own. Used where a test must stop, restore or cut off the server
 * under a tablet that keeps its outbox throughout.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { recordMark } from '../../src/client/marks/recordMark';
import type { AppDb } from '../../src/client/db/appDb';
import { openAppDb } from '../../src/client/db/db';
import { enrolDevice } from '../../src/client/sync/enrolDevice';
import { createSyncClient, type FetchLike } from '../../src/client/sync/syncClient';
import { createSyncEngine, type SyncEngine } from '../../src/client/sync/syncEngine';
import { inPageMutex } from '../../src/client/sync/syncLock';
import { ManualTimers } from '../../src/client/testSupport.fixture';
import type { Role } from '../../src/domain';
import { sessionResponseSchema, type SessionResponse } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { Browser, expectStatus } from './httpClient';
import type { Cell } from './syncDevice';

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

export class ProcessTablet {
  readonly browser = new Browser();
  readonly db: AppDb;
  readonly engine: SyncEngine;
  readonly timers = new ManualTimers();
  /** The server the tablet talks to now (changes when the test restarts it on another port). */
  origin: string;
  session: SessionResponse | null = null;
  /** Every push answer's status, in order (0: no answer). */
  readonly pushStatuses: number[] = [];

  constructor(origin: string, options: { timeoutMs?: number } = {}) {
    this.origin = origin;
    this.db = openAppDb(`process-tablet-${randomUUID()}`);
    const fetch: FetchLike = async (url, init) => {
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      try {
        const res = await this.browser.request(this.origin, method, url, body, {
          timeoutMs: options.timeoutMs ?? 30_000,
        });
        if (url.startsWith(ROUTES.syncPush)) this.pushStatuses.push(res.status);
        const contentType = res.headers['content-type'];
        return new Response(res.status === 204 ? null : res.text, {
          status: res.status,
          headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
        });
      } catch (err) {
        if (url.startsWith(ROUTES.syncPush)) this.pushStatuses.push(0);
        // What a browser's fetch does when no answer comes.
        throw new TypeError(`Failed to fetch (${(err as Error).message})`, { cause: err });
      }
    };
    this.engine = createSyncEngine({
      db: this.db,
      client: createSyncClient({ fetch, timeoutMs: options.timeoutMs ?? 30_000 }),
      timers: this.timers,
      lock: inPageMutex(),
      random: () => 0.5,
    });
  }

  /** Signs in online (re-using this tablet's device when it has one) and enrols the id given. */
  async signIn(credentials: Credentials): Promise<SessionResponse> {
    const deviceId = this.session?.device.id;
    const res = await this.browser.post(this.origin, ROUTES.signIn, {
      ...credentials,
      ...(deviceId === undefined ? {} : { deviceId }),
    });
    const session = sessionResponseSchema.parse(expectStatus(res, 200, 'sign-in'));
    this.session = session;
    await enrolDevice(this.db, session.device.id);
    return session;
  }

  /** Records one mark through the outbox, as a tap does; returns its event id. */
  async mark(cell: Cell, code: string, role: Role = 'office'): Promise<string> {
    const staffId = this.session?.staff.id;
    if (staffId === undefined) throw new Error('sign in before marking');
    const marked = await recordMark(this.db, {
      pupilId: cell.pupilId,
      session: cell.session,
      code,
      actor: { staffId, role },
    });
    if (!marked.ok) throw new Error(`mark refused on the tablet: ${JSON.stringify(marked.errors)}`);
    return marked.value.eventId;
  }

  async outboxRows() {
    return this.db.outbox.orderBy('localSeq').toArray();
  }

  close(): void {
    this.engine.dispose();
    this.db.close();
  }
}
