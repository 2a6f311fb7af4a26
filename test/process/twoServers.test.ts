/**
 * two server processes on one PostgreSQL, with pushes from the same devices
 * alternating between them: every event exactly once, no gap in the pull. The servers keep no
 * state of their own, so a session made on one is good on the other, a resend to the other server
 * gets the first server's acknowledgement, and the same batch sent to both at once is applied once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PushAck, PushEvent } from '../../src/shared/api/syncSchemas';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { createFreshDatabase, queryOnce, skipWithoutPostgres } from './freshPostgres';
import type { FreshDatabase } from './freshPostgres';
import { Browser, expectStatus } from './httpClient';
import { cleanUpProcesses, freePort, startServer } from './serverProcess';
import type { ServerProcess } from './serverProcess';
import {
  AckBook,
  cellKey,
  checkPushAnswer,
  DEMO_OFFICE,
  DEMO_OFFICE_2,
  DeviceOutbox,
  fetchSnapshot,
  freeCells,
  logProblems,
  pullAll,
  pushOk,
  sendPush,
  signIn,
} from './syncDevice';

const skip = await skipWithoutPostgres('two server processes on one PostgreSQL (process tests)');

const ROUNDS = 12;
const BATCH = 20;

let database: FreshDatabase | null = null;
afterEach(async () => {
  await cleanUpProcesses();
  await database?.drop();
  database = null;
});

/**
 * One device's stream of pushes. Round r sends a new batch to one server and then, to the other:
 * the previous batch again (a resend after a lost answer, via the other server); every third
 * round a batch that overlaps the one before (its last five again, then new ones); every fourth
 * round the same new batch to both servers at once (a retry that raced the original).
 */
async function streamPushes(
  browser: Browser,
  outbox: DeviceOutbox,
  servers: readonly [ServerProcess, ServerProcess],
  acks: AckBook,
): Promise<{ newEvents: number; requests: number }> {
  let previous: { batch: PushEvent[]; acks: PushAck[] } | null = null;
  let newEvents = 0;
  let requests = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const here = servers[round % 2] as ServerProcess;
    const there = servers[(round + 1) % 2] as ServerProcess;
    const batch = outbox.nextBatch(BATCH);
    newEvents += batch.length;

    if (round % 4 === 3) {
      const [one, two] = await Promise.all([
        sendPush(browser, here.origin, outbox.deviceId, batch),
        sendPush(browser, there.origin, outbox.deviceId, batch),
      ]);
      requests += 2;
      const first = checkPushAnswer(one, batch);
      const second = checkPushAnswer(two, batch);
      expect(second.acks).toEqual(first.acks);
      acks.record(first.acks);
      previous = { batch, acks: first.acks };
      continue;
    }

    const answer = await pushOk(browser, here.origin, outbox.deviceId, batch);
    requests += 1;
    expect(answer.acks.map((a) => a.status)).toEqual(batch.map(() => 'applied'));
    expect(answer.lastClientSeq).toBe(batch.at(-1)?.clientSeq);
    acks.record(answer.acks);

    if (previous !== null) {
      const resend = await pushOk(browser, there.origin, outbox.deviceId, previous.batch);
      requests += 1;
      // Same serverSeq and status as the first time; the entry is as it stands now (unchanged).
      expect(resend.acks).toEqual(previous.acks);
      acks.record(resend.acks);
    }
    if (round % 3 === 2) {
      const extra = outbox.nextBatch(BATCH - 5);
      newEvents += extra.length;
      const overlapping = [...batch.slice(-5), ...extra];
      const mixed = await pushOk(browser, there.origin, outbox.deviceId, overlapping);
      requests += 1;
      expect(mixed.acks.slice(0, 5)).toEqual(answer.acks.slice(-5));
      expect(mixed.acks.slice(5).map((a) => a.status)).toEqual(extra.map(() => 'applied'));
      acks.record(mixed.acks);
      previous = { batch: overlapping, acks: mixed.acks };
    } else {
      previous = { batch, acks: answer.acks };
    }
  }
  return { newEvents, requests };
}

describe.skipIf(skip)('two server processes on one PostgreSQL', () => {
  it('started at the same moment on an empty database: both start, and the demo school is created once', async () => {
    database = await createFreshDatabase();
    const url = database.url;
    const ports = [await freePort(), await freePort()];
    const servers = await Promise.all(
      ports.map((port, i) =>
        startServer({
          label: `server ${i === 0 ? 'A' : 'B'}`,
          env: { PORT: String(port), DATABASE_URL: url, DEMO_SCHOOL: 'true' },
        }),
      ),
    );
    const seeders = servers.filter((s) => s.stderr.includes('created the demo school'));
    expect(seeders).toHaveLength(1);
    expect(await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM school')).toEqual([
      { n: 1 },
    ]);
    // Both serve the one school.
    for (const server of servers) {
      const browser = new Browser();
      const session = await signIn(browser, server.origin, DEMO_OFFICE);
      expect(session.school.name).toBe('Oakfield Primary School');
    }
  });

  it('serve one school: a session works on both, and pushes alternating between them land exactly once with no gap', async () => {
    database = await createFreshDatabase();
    const url = database.url;
    // Started one after the other: the demo seed checks for an organisation before it writes.
    const a = await startServer({
      label: 'server A',
      env: { PORT: String(await freePort()), DATABASE_URL: url, DEMO_SCHOOL: 'true' },
    });
    const b = await startServer({
      label: 'server B',
      env: { PORT: String(await freePort()), DATABASE_URL: url, DEMO_SCHOOL: 'true' },
    });
    expect(a.stderr).toContain('created the demo school');
    expect(b.stderr).not.toContain('created the demo school');
    expect(
      await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM organisation'),
    ).toEqual([{ n: 1 }]);

    const tablet1 = new Browser();
    const tablet2 = new Browser();
    for (const server of [a, b]) {
      const health = await tablet1.get(server.origin, ROUTES.health);
      expect(expectStatus(health, 200, `${server.label} health`)).toEqual({
        status: 'ok',
        database: 'postgres',
      });
    }

    // Signed in on A; the same cookies are a session on B (sessions live in the database).
    const session1 = await signIn(tablet1, a.origin, DEMO_OFFICE);
    const onB = sessionResponseSchema.parse(
      expectStatus(await tablet1.get(b.origin, ROUTES.me), 200, 'me on server B'),
    );
    expect(onB.staff.id).toBe(session1.staff.id);
    expect(onB.device.id).toBe(session1.device.id);
    const session2 = await signIn(tablet2, b.origin, DEMO_OFFICE_2);
    expect(session2.device.id).not.toBe(session1.device.id);

    const demoLog = await pullAll(tablet1, b.origin);
    expect(logProblems(demoLog, new AckBook())).toEqual([]);
    const roster = (await fetchSnapshot(tablet1, a.origin)).roster;
    const cells = freeCells(
      roster,
      new Set(demoLog.events.map((e) => cellKey(e.pupilId, e.session))),
    );
    const outbox1 = new DeviceOutbox(
      session1.device.id,
      session1.staff.id,
      cells.filter((_, i) => i % 2 === 0),
    );
    const outbox2 = new DeviceOutbox(
      session2.device.id,
      session2.staff.id,
      cells.filter((_, i) => i % 2 === 1),
    );

    // Both devices at once, in opposite phase, so the two processes also contend for the
    // school's counter row.
    const acks = new AckBook();
    const [stream1, stream2] = await Promise.all([
      streamPushes(tablet1, outbox1, [a, b], acks),
      streamPushes(tablet2, outbox2, [b, a], acks),
    ]);
    const pushed = stream1.newEvents + stream2.newEvents;
    expect(acks.size).toBe(pushed);

    const logA = await pullAll(tablet1, a.origin);
    const logB = await pullAll(tablet2, b.origin);
    expect(logProblems(logA, acks)).toEqual([]);
    expect(logB).toEqual(logA);
    expect(logA.headSeq).toBe(demoLog.headSeq + pushed);
    // Everything after the demo's history is ours, each applied once, from the right device.
    const ours = logA.events.slice(demoLog.events.length);
    expect(ours.map((e) => e.eventId).sort()).toEqual([...acks.byEventId.keys()].sort());
    const devices = new Set([session1.device.id, session2.device.id]);
    expect(ours.every((e) => e.status === 'applied' && devices.has(e.deviceId ?? ''))).toBe(true);

    // Both servers show the same register, and it holds every acknowledged mark.
    const { serverTime: _a, ...snapshotA } = await fetchSnapshot(tablet1, a.origin);
    const { serverTime: _b, ...snapshotB } = await fetchSnapshot(tablet2, b.origin);
    expect(snapshotB).toEqual(snapshotA);
    const heads = new Map(snapshotA.entries.map((e) => [cellKey(e.pupilId, e.session), e]));
    for (const event of ours) {
      const entry = heads.get(cellKey(event.pupilId, event.session));
      expect(entry?.headEventId).toBe(event.eventId);
      expect(entry?.code).toBe(event.code);
    }
    console.info(
      `two servers: ${pushed} events in ${stream1.requests + stream2.requests} pushes, head ${logA.headSeq}`,
    );
  });
});
