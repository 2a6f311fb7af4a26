/**
 * Fuzzing POST /api/sync/push: whatever a device or an attacker sends, the answer is
 * never a 5xx; and a model-based property: over random sequences of pushes (new, resent,
 * requeued, concurrent, with gaps, with refused marks) every event ever acknowledged with a 200
 * is stored exactly once under the acknowledged serverSeq, and a pull from 0 returns it once.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CODE_STRINGS_2024 } from '../../src/domain';
import { ROUTES } from '../../src/shared/api/routes';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/api/syncSchemas';
import type { PushEvent, PushResponse } from '../../src/shared/api/syncSchemas';
import type { AppEnv } from '../../src/server/http/appEnv';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp } from './fixtures';
import type { ManualClock } from './fixtures';
import { createSyncSchool, DATES, morningClock, signedInDevice, TODAY } from './syncFixtures';
import type { SyncDevice, SyncSchool } from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
let app: Hono<AppEnv>;
let clock: ManualClock;
beforeAll(async () => {
  t = await openTestDatabase();
  ({ app, clock } = createTestApp(t.db, { clock: morningClock() }));
}, 60_000);
afterAll(() => t.close());

/** Answers an error body must have (apiErrors.ts), checked on every 4xx. */
async function expectNoServerError(res: Response, sent: unknown): Promise<void> {
  const text = await res.text();
  expect(
    res.status,
    `${res.status} ${text} for ${JSON.stringify(sent)?.slice(0, 2000)}`,
  ).toBeLessThan(500);
  const body = JSON.parse(text) as { status?: unknown; reason?: unknown; message?: unknown };
  if (res.status >= 400) {
    expect(body.status).toBe('error');
    expect(typeof body.reason).toBe('string');
    expect(typeof body.message).toBe('string');
  }
}

describe('random pushes', () => {
  let school: SyncSchool;
  let otherSchool: SyncSchool;
  let devices: SyncDevice[];
  let storedIds: string[];
  /** How often each status came back: the fuzz must reach the rules, not only the schema. */
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    school = await createSyncSchool(t.db);
    otherSchool = await createSyncSchool(t.db);
    devices = [
      await signedInDevice(app, school.member('teacher'), { clock }),
      await signedInDevice(app, school.member('office'), { clock }),
    ];
    storedIds = [];
  }, 30_000);

  /** After a 200 the device's numbering moves on, as its outbox would. */
  async function send(device: SyncDevice, body: unknown): Promise<void> {
    const res = await device.client.post(ROUTES.syncPush, body);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 200) {
      const answer = (await res.clone().json()) as PushResponse;
      device.renumberFrom(answer.lastClientSeq + 1);
      storedIds.push(...answer.acks.map((a) => a.eventId));
    }
    await expectNoServerError(res, body);
  }

  it('never answers 5xx to arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await send(devices[0] as SyncDevice, value);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('never answers 5xx to arbitrary text sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (raw) => {
        const res = await devices[0]?.client.post(ROUTES.syncPush, undefined, {
          rawBody: raw,
          headers: { 'content-type': 'application/json' },
        });
        if (res === undefined) throw new Error('no device');
        await expectNoServerError(res, raw);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  const anyString = fc.string({ unit: 'binary', maxLength: 12 });
  const isoDate = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const isoInstant = fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());

  /** A value for each field: mostly plausible, sometimes hostile. */
  const fieldValues = {
    code: fc.oneof(
      fc.constantFrom(
        ...CODE_STRINGS_2024,
        'H',
        'F',
        'J',
        'Y',
        'X-COVID',
        'QQ',
        'l',
        '',
        '\u0000',
        ' L',
      ),
      anyString,
    ),
    date: fc.oneof(
      fc.constantFrom(...Object.values(DATES), TODAY, '2025-02-29', '2024-02-29', '0000-01-01'),
      isoDate,
      anyString,
    ),
    part: fc.oneof(fc.constantFrom('AM', 'PM'), anyString),
    minutesLate: fc.oneof(
      fc.constant(null),
      fc.integer({ min: -10, max: 2000 }),
      fc.double(),
      fc.constant(Number.MAX_SAFE_INTEGER),
    ),
    arrivedAt: fc.oneof(
      fc.constant(null),
      isoInstant,
      anyString,
      fc.constant(`${TODAY}T09:00:00+01:00`),
    ),
    reason: fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\u0000', 'a\u0000b', '\ud800', ' ', 'x'.repeat(500), 'x'.repeat(501)),
    ),
    uuid: fc.oneof(fc.uuid(), fc.constant(randomUUID()), anyString),
    recordedAt: fc.oneof(isoInstant, anyString, fc.constant('2025-03-04T08:50:00Z')),
    clockOffsetMs: fc.oneof(
      { weight: 4, arbitrary: fc.oneof(fc.constant(null), fc.integer()) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          -Number.MAX_SAFE_INTEGER,
          Number.MAX_SAFE_INTEGER,
          2 ** 31,
          -(2 ** 31) - 1,
        ),
      },
      { weight: 1, arbitrary: fc.double() },
    ),
  };

  /** How to number an event: the next number, a resend, a gap, or nonsense. */
  const seqChoice = fc.oneof(
    { weight: 12, arbitrary: fc.constant('next' as const) },
    { weight: 1, arbitrary: fc.constant('previous' as const) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER)),
    },
  );

  /** One event, built valid, then mutated field by field. */
  const eventSpec = fc.record({
    pupil: fc.oneof(
      { weight: 10, arbitrary: fc.nat(34) },
      { weight: 1, arbitrary: fc.constant('other-school' as const) },
      { weight: 1, arbitrary: fc.constant('random' as const) },
    ),
    actor: fc.oneof(
      { weight: 8, arbitrary: fc.constant('self' as const) },
      { weight: 1, arbitrary: fc.constantFrom('other' as const, 'random' as const) },
    ),
    base: fc.constantFrom('none', 'stored', 'random'),
    seq: seqChoice,
    mutations: fc.array(
      fc.oneof(
        fc.record({ field: fc.constant('code' as const), value: fieldValues.code }),
        fc.record({
          field: fc.constant('session' as const),
          value: fc.record({ date: fieldValues.date, part: fieldValues.part }),
        }),
        fc.record({ field: fc.constant('minutesLate' as const), value: fieldValues.minutesLate }),
        fc.record({ field: fc.constant('arrivedAt' as const), value: fieldValues.arrivedAt }),
        fc.record({ field: fc.constant('reason' as const), value: fieldValues.reason }),
        fc.record({ field: fc.constant('eventId' as const), value: fieldValues.uuid }),
        fc.record({ field: fc.constant('recordedAt' as const), value: fieldValues.recordedAt }),
        fc.record({
          field: fc.constant('delete' as const),
          value: fc.constantFrom('code', 'session', 'eventId', 'reason'),
        }),
        fc.record({ field: fc.constant('extra' as const), value: fc.jsonValue({ maxDepth: 1 }) }),
        fc.record({ field: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
      ),
      { maxLength: 3 },
    ),
  });
  /** Half the events go unmutated, so whole batches pass the schema and reach the rules. */
  const mostlyValid = fc.oneof(
    { weight: 1, arbitrary: eventSpec.map((spec) => ({ ...spec, mutations: [] })) },
    { weight: 1, arbitrary: eventSpec },
  );

  it('never answers 5xx to near-valid pushes with random mutations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1),
        fc.array(mostlyValid, { minLength: 1, maxLength: 4 }),
        fieldValues.clockOffsetMs,
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('own' as const) },
          { weight: 1, arbitrary: fc.constantFrom('other' as const, 'random' as const) },
        ),
        async (deviceIndex, specs, clockOffsetMs, deviceIdChoice) => {
          const device = devices[deviceIndex] as SyncDevice;
          let seq = device.upcomingSeq;
          const events: unknown[] = specs.map((spec) => {
            const pupilId =
              spec.pupil === 'other-school'
                ? otherSchool.pupil(0)
                : spec.pupil === 'random'
                  ? randomUUID()
                  : (school.pupilIds[spec.pupil] ?? randomUUID());
            const clientSeq =
              spec.seq === 'next'
                ? seq++
                : spec.seq === 'previous'
                  ? Math.max(1, device.upcomingSeq - 1)
                  : typeof spec.seq === 'number' &&
                      Number.isInteger(spec.seq) &&
                      Math.abs(spec.seq) <= 3
                    ? device.upcomingSeq + spec.seq
                    : spec.seq;
            const event: Record<string, unknown> = {
              ...device.event({ pupilId, clientSeq: 1 }),
              clientSeq,
              actorStaffId:
                spec.actor === 'self'
                  ? device.staff.id
                  : spec.actor === 'other'
                    ? school.member('teacher2').id
                    : randomUUID(),
              baseEventId:
                spec.base === 'none'
                  ? null
                  : spec.base === 'stored'
                    ? (storedIds.at(-1) ?? null)
                    : randomUUID(),
            };
            let mutated: unknown = event;
            for (const m of spec.mutations) {
              if (m.field === 'replace') mutated = m.value;
              else if (typeof mutated !== 'object' || mutated === null) continue;
              else if (m.field === 'delete') {
                const { [m.value]: _dropped, ...rest } = mutated as Record<string, unknown>;
                mutated = rest;
              } else if (m.field === 'extra') (mutated as Record<string, unknown>).extra = m.value;
              else (mutated as Record<string, unknown>)[m.field] = m.value;
            }
            return mutated;
          });
          const body = {
            protocolVersion: SYNC_PROTOCOL_VERSION,
            deviceId:
              deviceIdChoice === 'own'
                ? device.deviceId
                : deviceIdChoice === 'other'
                  ? (devices[1 - deviceIndex] as SyncDevice).deviceId
                  : randomUUID(),
            clockOffsetMs,
            events,
          };
          await send(device, body);
        },
      ),
      { numRuns: 250 },
    );
    // The fuzz reached the rules, not just the schema: marks were stored, and some refused.
    expect(storedIds.length).toBeGreaterThan(0);
    expect(statuses.get(422)).toBeGreaterThan(0);
  }, 60_000);

  it('never answers 5xx to random pull queries', async () => {
    const queryValue = fc.oneof(
      fc.nat().map(String),
      fc.integer().map(String),
      anyString,
      fc.uuid(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('after', 'limit', 'epoch', 'rosterVersion', 'x'), queryValue),
        async (query) => {
          const res = await devices[0]?.client.get(
            `${ROUTES.syncPull}?${new URLSearchParams(query).toString()}`,
          );
          if (res === undefined) throw new Error('no device');
          await expectNoServerError(res, query);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

// ── The model-based property ───────────────────────────────────────────────────────────────────

/** What the test knows must be true: every acknowledged event and the number it was given. */
interface Model {
  readonly acked: Map<string, number>;
}

interface Real {
  readonly school: SyncSchool;
  readonly devices: SyncDevice[];
  /** Batches each device has had acknowledged, to resend. */
  readonly sent: PushEvent[][][];
  /** Good marks of a refused batch, waiting to be renumbered and sent again. */
  readonly pending: PushEvent[][];
}

type Mark = { pupil: number; code: string };

const TEACHER_CODES = ['/', 'N', 'L', 'B', 'V'];
const markArb = fc.record({ pupil: fc.nat(9), code: fc.constantFrom(...TEACHER_CODES) });

function recordAcks(model: Model, answer: PushResponse, events: readonly PushEvent[]): void {
  expect(answer.acks.map((a) => a.eventId)).toEqual(
    [...events].sort((a, b) => a.clientSeq - b.clientSeq).map((e) => e.eventId),
  );
  for (const ack of answer.acks) {
    const known = model.acked.get(ack.eventId);
    if (known !== undefined) expect(ack.serverSeq).toBe(known);
    else model.acked.set(ack.eventId, ack.serverSeq);
  }
}

class PushNew implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly device: number,
    readonly marks: readonly Mark[],
    readonly refuseAt: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const device = real.devices[this.device] as SyncDevice;
    const expected = device.upcomingSeq;
    const events = this.marks.map((m, i) =>
      device.event({
        pupilId: real.school.pupil(m.pupil),
        // 'C' is not a teacher's code: the server refuses the batch.
        code: i === this.refuseAt ? 'C' : m.code,
      }),
    );
    const res = await device.push(events);
    if (this.refuseAt === null || this.refuseAt >= events.length) {
      expect(res.status).toBe(200);
      const answer = (await res.json()) as PushResponse;
      recordAcks(model, answer, events);
      real.sent[this.device]?.push(events);
      return;
    }
    expect(res.status).toBe(422);
    const body = (await res.json()) as { details: { expected: number; rejected: unknown[] } };
    expect(body.details.expected).toBe(expected);
    expect(body.details.rejected).toHaveLength(1);
    device.renumberFrom(expected);
    real.pending[this.device]?.push(...events.filter((_, i) => i !== this.refuseAt));
  }
  toString = () => `PushNew(${this.device}, ${this.marks.length}, refuse ${this.refuseAt})`;
}

class FlushPending implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const device = real.devices[this.device] as SyncDevice;
    const pending = real.pending[this.device] ?? [];
    if (pending.length === 0) return;
    const events = device.renumbered(pending, device.upcomingSeq);
    pending.length = 0;
    const answer = await device.pushOk(events);
    recordAcks(model, answer, events);
    real.sent[this.device]?.push(events);
  }
  toString = () => `FlushPending(${this.device})`;
}

class Resend implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly device: number,
    readonly pick: number,
    readonly concurrent: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const device = real.devices[this.device] as SyncDevice;
    const batches = real.sent[this.device] ?? [];
    if (batches.length === 0) return;
    const batch = batches[this.pick % batches.length] ?? [];
    const answers = this.concurrent
      ? await Promise.all([device.pushOk(batch), device.pushOk(batch)])
      : [await device.pushOk(batch)];
    for (const answer of answers) {
      for (const ack of answer.acks) expect(ack.serverSeq).toBe(model.acked.get(ack.eventId));
    }
  }
  toString = () =>
    `Resend(${this.device}, ${this.pick}, ${this.concurrent ? 'concurrent' : 'once'})`;
}

class Requeue implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly device: number,
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const device = real.devices[this.device] as SyncDevice;
    const events = (real.sent[this.device] ?? []).flat();
    const chosen = events[this.pick % Math.max(1, events.length)];
    if (chosen === undefined) return;
    const [again] = device.renumbered([chosen], device.upcomingSeq);
    const answer = await device.pushOk([again as PushEvent]);
    expect(answer.acks[0]?.serverSeq).toBe(model.acked.get(chosen.eventId));
  }
  toString = () => `Requeue(${this.device}, ${this.pick})`;
}

class Gap implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly device: number,
    readonly gap: number,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const device = real.devices[this.device] as SyncDevice;
    const expected = device.upcomingSeq;
    const error = await device.pushError(
      [device.event({ pupilId: real.school.pupil(0), clientSeq: expected + this.gap })],
      409,
    );
    expect(error.details).toEqual({ expected });
  }
  toString = () => `Gap(${this.device}, +${this.gap})`;
}

const deviceArb = fc.nat(1);
const commandArbs = [
  fc
    .tuple(deviceArb, fc.array(markArb, { minLength: 1, maxLength: 6 }), fc.option(fc.nat(7)))
    .map(([d, marks, refuse]) => new PushNew(d, marks, refuse)),
  deviceArb.map((d) => new FlushPending(d)),
  fc.tuple(deviceArb, fc.nat(), fc.boolean()).map(([d, p, c]) => new Resend(d, p, c)),
  fc.tuple(deviceArb, fc.nat()).map(([d, p]) => new Requeue(d, p)),
  fc.tuple(deviceArb, fc.integer({ min: 1, max: 5 })).map(([d, g]) => new Gap(d, g)),
];

describe('model-based: acknowledged events are never lost or doubled', () => {
  it('stores every acknowledged event once under its acknowledged serverSeq, and pulls it once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 14 }), async (commands) => {
        const school = await createSyncSchool(t.db, {
          staff: { teacher: ['teacher'], teacher2: ['teacher'] },
          groups: [{ name: 'Year 4', yearGroup: '4', pupils: 10 }],
        });
        const devices = [
          await signedInDevice(app, school.member('teacher'), { clock }),
          await signedInDevice(app, school.member('teacher2'), { clock }),
        ];
        const model: Model = { acked: new Map() };
        const real: Real = { school, devices, sent: [[], []], pending: [[], []] };
        await fc.asyncModelRun(() => ({ model, real }), commands);

        const { rows } = await t.db.query<{ event_id: string; server_seq: number; n: number }>(
          `SELECT event_id, min(server_seq)::int AS server_seq, count(*)::int AS n FROM mark_event
            WHERE school_id = $1 GROUP BY event_id`,
          [school.id],
        );
        expect(rows.every((r) => r.n === 1)).toBe(true);
        expect(new Map(rows.map((r) => [r.event_id, r.server_seq]))).toEqual(model.acked);

        const pulled = await devices[0]?.pullAll(0, 7);
        if (pulled === undefined) throw new Error('no device');
        expect(pulled.map((e) => e.serverSeq)).toEqual(pulled.map((_, i) => i + 1));
        expect(new Set(pulled.map((e) => e.eventId)).size).toBe(pulled.length);
        expect(new Map(pulled.map((e) => [e.eventId, e.serverSeq]))).toEqual(model.acked);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
