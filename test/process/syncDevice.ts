/**
 * A tablet's side of sync for the process-level tests: sign in, read the roster, number marks in
 * device order (`clientSeq`) and push them, pull the whole log back, and check the log against
 * what the server acknowledged.
 *
 * The marks are the office's first marks on open school sessions after today. The server checks
 * every mark against its own clock; a teacher may mark only days up to today, and today may be a
 * weekend or a holiday, so the office (who may pre-enter any code up to a year ahead) makes them.
 * Each mark goes to an empty entry, so none is an amendment and none needs a reason.
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  openSessionsBetween,
  parseSchoolConfig,
  presentCode,
  toSchoolWallClock,
  type LocalDate,
  type SessionRef,
  type YearGroup,
} from '../../src/domain';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import type { SessionResponse } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import {
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  SYNC_PROTOCOL_VERSION,
} from '../../src/shared/api/syncSchemas';
import type {
  PushAck,
  PushEvent,
  PushResponse,
  Roster,
  ServerEvent,
  SnapshotResponse,
} from '../../src/shared/api/syncSchemas';
import { DEMO_PASSWORD } from '../../src/server/demo/demoSchool';
import { expectStatus } from './httpClient';
import type { Browser, HttpResponse, RequestOptions } from './httpClient';

/** The demo school's office sign-ins (demoSchool.ts): two people, so two devices can push. */
export const DEMO_OFFICE = { email: 'office@oakfield.example', password: DEMO_PASSWORD };
export const DEMO_OFFICE_2 = { email: 'marcus.reid@oakfield.example', password: DEMO_PASSWORD };

export async function signIn(
  browser: Browser,
  origin: string,
  credentials: { email: string; password: string },
): Promise<SessionResponse> {
  const res = await browser.post(origin, ROUTES.signIn, credentials);
  return sessionResponseSchema.parse(expectStatus(res, 200, `sign-in of ${credentials.email}`));
}

export async function fetchSnapshot(browser: Browser, origin: string): Promise<SnapshotResponse> {
  const res = await browser.get(origin, ROUTES.syncSnapshot);
  return snapshotResponseSchema.parse(expectStatus(res, 200, 'GET snapshot'));
}

/** Every event of the school's log, pulled from cursor 0 page by page. */
export async function pullAll(
  browser: Browser,
  origin: string,
): Promise<{ events: ServerEvent[]; headSeq: number }> {
  const events: ServerEvent[] = [];
  let after = 0;
  for (let page = 0; page < 1000; page += 1) {
    const res = await browser.get(origin, `${ROUTES.syncPull}?after=${after}&limit=1000`);
    const body = pullResponseSchema.parse(expectStatus(res, 200, `GET pull after ${after}`));
    if (body.kind !== 'events')
      throw new Error(`pull after ${after} answered reset: ${body.message}`);
    events.push(...body.events);
    if (!body.hasMore) return { events, headSeq: body.headSeq };
    after = body.nextCursor;
  }
  throw new Error('pull did not finish in 1000 pages');
}

export function pushBody(deviceId: string, events: readonly PushEvent[]) {
  return { protocolVersion: SYNC_PROTOCOL_VERSION, deviceId, clockOffsetMs: 0, events };
}

/** Sends one batch; resolves with the raw answer (any status), rejects when none arrives. */
export function sendPush(
  browser: Browser,
  origin: string,
  deviceId: string,
  events: readonly PushEvent[],
  options?: RequestOptions,
): Promise<HttpResponse> {
  return browser.post(origin, ROUTES.syncPush, pushBody(deviceId, events), options);
}

/** Sends one batch and insists on 200 with one acknowledgement per event, in clientSeq order. */
export async function pushOk(
  browser: Browser,
  origin: string,
  deviceId: string,
  events: readonly PushEvent[],
): Promise<PushResponse> {
  const res = await sendPush(browser, origin, deviceId, events);
  return checkPushAnswer(res, events);
}

export function checkPushAnswer(res: HttpResponse, events: readonly PushEvent[]): PushResponse {
  const first = events[0]?.clientSeq ?? 0;
  const body = pushResponseSchema.parse(
    expectStatus(res, 200, `push of clientSeq ${first}…${first + events.length - 1}`),
  );
  const sent = events.map((e) => `${e.clientSeq}:${e.eventId}`);
  const acked = body.acks.map((a) => `${a.clientSeq}:${a.eventId}`);
  if (JSON.stringify(sent) !== JSON.stringify(acked)) {
    throw new Error(
      `push acks do not match the batch: sent ${sent.join(',')} got ${acked.join(',')}`,
    );
  }
  return body;
}

/**
 * Sends one batch until it is acknowledged, under the same numbers every time, as a device
 * resends a batch that got no 200. Counts each answer's status in `answers` (0: no answer).
 * A 503 or no answer is tried again after `pauseMs`; any other status throws, and so does a
 * batch still unacknowledged after `giveUpAfterMs`.
 */
export async function resendUntilAcknowledged(
  browser: Browser,
  origin: string,
  deviceId: string,
  events: readonly PushEvent[],
  options: {
    answers: Map<number, number>;
    giveUpAfterMs: number;
    pauseMs?: number;
    /** How long one attempt waits for an answer before the device gives up on it (20 s). */
    requestTimeoutMs?: number;
  },
): Promise<PushResponse> {
  const giveUpAt = Date.now() + options.giveUpAfterMs;
  while (Date.now() < giveUpAt) {
    const res = await sendPush(browser, origin, deviceId, events, {
      timeoutMs: options.requestTimeoutMs ?? 20_000,
    }).catch(() => null);
    const status = res?.status ?? 0;
    options.answers.set(status, (options.answers.get(status) ?? 0) + 1);
    if (res !== null && res.status === 200) return checkPushAnswer(res, events);
    if (res !== null && res.status !== 503) {
      throw new Error(`push answered ${res.status}: ${res.text.slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 100));
  }
  throw new Error(`a batch was not acknowledged within ${options.giveUpAfterMs} ms`);
}

export interface Cell {
  readonly pupilId: string;
  readonly session: SessionRef;
}

export const cellKey = (pupilId: string, session: { date: string; part: string }): string =>
  `${pupilId}|${session.date}|${session.part}`;

/** The school's today by the real clock, in the school's time zone. */
export function schoolToday(roster: Roster): LocalDate {
  return toSchoolWallClock(new Date(), schoolConfigOf(roster).timeZone).date;
}

function schoolConfigOf(roster: Roster) {
  const parsed = parseSchoolConfig(roster.schoolConfig);
  if (!parsed.ok) throw new Error(`the roster's school configuration does not parse`);
  return parsed.value;
}

/**
 * Empty entries the office may mark: pupils on roll in open sessions from tomorrow up to ~10
 * months ahead (closures apply per year group), leaving out every entry in `taken`.
 */
export function freeCells(roster: Roster, taken: ReadonlySet<string>): Cell[] {
  const school = schoolConfigOf(roster);
  const today = schoolToday(roster);
  const from = addDays(today, 1);
  const to = addDays(today, 300);
  const yearGroupOf = new Map(roster.groups.map((g) => [g.id, g.yearGroup as YearGroup]));
  const sessionsByYear = new Map<YearGroup, SessionRef[]>();
  const cells: Cell[] = [];
  for (const pupil of roster.pupils) {
    const yearGroup = yearGroupOf.get(pupil.groupId);
    if (yearGroup === undefined) continue;
    let sessions = sessionsByYear.get(yearGroup);
    if (sessions === undefined) {
      sessions = openSessionsBetween(school, from, to, yearGroup).map(({ date, part }) => ({
        date,
        part,
      }));
      sessionsByYear.set(yearGroup, sessions);
    }
    for (const session of sessions) {
      if (session.date < pupil.onRollFrom) continue;
      if (pupil.onRollTo !== null && session.date > pupil.onRollTo) continue;
      if (taken.has(cellKey(pupil.id, session))) continue;
      cells.push({ pupilId: pupil.id, session });
    }
  }
  // Earliest sessions first, pupils interleaved, so batches touch many pupils and few days.
  return cells.sort(
    (a, b) =>
      a.session.date.localeCompare(b.session.date) ||
      a.session.part.localeCompare(b.session.part) ||
      a.pupilId.localeCompare(b.pupilId),
  );
}

const CODES = ['B', 'M', 'I', 'N'] as const;

/** One device's outbox: numbers new marks 1, 2, 3… and keeps them for resending. */
export class DeviceOutbox {
  readonly deviceId: string;
  readonly actorStaffId: string;
  private readonly cells: Cell[];
  private nextClientSeq = 1;

  constructor(deviceId: string, actorStaffId: string, cells: readonly Cell[]) {
    this.deviceId = deviceId;
    this.actorStaffId = actorStaffId;
    this.cells = [...cells];
  }

  /** The next `size` new marks, each on an empty entry, under the next clientSeqs. */
  nextBatch(size: number): PushEvent[] {
    if (this.cells.length < size) throw new Error('the test ran out of empty entries to mark');
    return this.cells.splice(0, size).map((cell) => {
      const clientSeq = this.nextClientSeq;
      this.nextClientSeq += 1;
      const code = clientSeq % 5 === 0 ? presentCode(cell.session.part) : CODES[clientSeq % 4];
      return {
        clientSeq,
        eventId: randomUUID(),
        actorStaffId: this.actorStaffId,
        pupilId: cell.pupilId,
        session: { date: cell.session.date, part: cell.session.part },
        code: code ?? 'B',
        minutesLate: null,
        arrivedAt: null,
        reason: null,
        baseEventId: null,
        recordedAt: new Date().toISOString(),
      };
    });
  }
}

/**
 * How a process test starts pushing: signs the demo office in on `browser`, pulls the demo log,
 * and gives an outbox over the demo register's empty entries.
 */
export async function demoOutbox(
  browser: Browser,
  origin: string,
): Promise<{
  session: SessionResponse;
  demoLog: { events: ServerEvent[]; headSeq: number };
  outbox: DeviceOutbox;
}> {
  const session = await signIn(browser, origin, DEMO_OFFICE);
  const demoLog = await pullAll(browser, origin);
  const roster = (await fetchSnapshot(browser, origin)).roster;
  const outbox = new DeviceOutbox(
    session.device.id,
    session.staff.id,
    freeCells(roster, new Set(demoLog.events.map((e) => cellKey(e.pupilId, e.session)))),
  );
  return { session, demoLog, outbox };
}

/** Records every acknowledgement, and refuses two different answers for one event. */
export class AckBook {
  readonly byEventId = new Map<string, PushAck>();

  record(acks: readonly PushAck[]): void {
    for (const ack of acks) {
      const known = this.byEventId.get(ack.eventId);
      if (
        known !== undefined &&
        (known.serverSeq !== ack.serverSeq || known.status !== ack.status)
      ) {
        throw new Error(
          `event ${ack.eventId} was acknowledged twice differently: ${JSON.stringify(known)} then ${JSON.stringify(ack)}`,
        );
      }
      if (known === undefined) this.byEventId.set(ack.eventId, ack);
    }
  }

  get size(): number {
    return this.byEventId.size;
  }
}

/**
 * What is wrong with a pulled log: numbers not exactly 1…headSeq in order (a gap or a repeat),
 * an event id seen twice, or an acknowledged event missing or under another number. Empty when
 * the log is whole.
 */
export function logProblems(
  log: { events: readonly ServerEvent[]; headSeq: number },
  acks: AckBook,
): string[] {
  const problems: string[] = [];
  log.events.forEach((event, index) => {
    if (event.serverSeq !== index + 1 && problems.length < 20) {
      problems.push(`position ${index + 1} holds serverSeq ${event.serverSeq}`);
    }
  });
  if (log.events.length !== log.headSeq) {
    problems.push(`${log.events.length} events pulled but headSeq is ${log.headSeq}`);
  }
  const seen = new Map<string, ServerEvent[]>();
  for (const event of log.events)
    seen.set(event.eventId, [...(seen.get(event.eventId) ?? []), event]);
  for (const [eventId, copies] of seen) {
    if (copies.length > 1) {
      problems.push(
        `event ${eventId} appears ${copies.length} times (serverSeq ${copies.map((c) => c.serverSeq).join(', ')})`,
      );
    }
  }
  for (const [eventId, ack] of acks.byEventId) {
    const copies = seen.get(eventId) ?? [];
    if (copies.length === 0)
      problems.push(`acknowledged event ${eventId} (serverSeq ${ack.serverSeq}) is missing`);
    else if (copies[0]?.serverSeq !== ack.serverSeq) {
      problems.push(
        `event ${eventId} was acknowledged as serverSeq ${ack.serverSeq} but pulled as ${copies[0]?.serverSeq}`,
      );
    }
  }
  return problems;
}
