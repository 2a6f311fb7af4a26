import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushRequest } from '../../shared/api/syncSchemas';
import { recordMark } from '../marks/recordMark';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import type { OutboxRow } from '../db/outboxRow';
import {
  DEVICE_ID,
  freshDb,
  ManualTimers,
  MONDAY_AM,
  OTHER_DEVICE_ID,
  PUPIL,
  ROSTER,
  TEACHER,
} from '../testSupport.fixture';
import { enrolDevice } from './enrolDevice';
import { FakeSyncServer, type Fault } from './fakeSyncServer.fixture';
import { createSyncClient } from './syncClient';
import { createSyncEngine } from './syncEngine';
import { numberNextBatch, recordRefusal, renumberFrom } from './wireNumbers';

const dbs: AppDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function open(): AppDb {
  const db = freshDb();
  dbs.push(db);
  return db;
}

/** A database enrolled as DEVICE_ID, as after a sign-in. */
async function enrolled(): Promise<AppDb> {
  const db = open();
  await enrolDevice(db, DEVICE_ID);
  return db;
}

const batch = async (db: AppDb, limit: number) => (await numberNextBatch(db, limit)).rows;

const PUPILS = [PUPIL.ada, PUPIL.ben, PUPIL.cat, PUPIL.dan] as const;

async function mark(db: AppDb, pupilId: string, code = '/'): Promise<string> {
  const result = await recordMark(db, {
    pupilId,
    session: MONDAY_AM,
    code,
    actor: { staffId: TEACHER.staffId, role: TEACHER.role },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.eventId;
}

const numbers = async (db: AppDb) =>
  (await db.outbox.orderBy('localSeq').toArray()).map((r) => [r.status, r.wireSeq]);

describe('numberNextBatch', () => {
  it('numbers nothing before the tablet is enrolled', async () => {
    const db = open();
    await mark(db, PUPIL.ada);
    expect(await numberNextBatch(db, 5)).toEqual({ deviceId: undefined, rows: [] });
    expect(await numbers(db)).toEqual([['pending', null]]);
  });

  it('numbers the oldest unnumbered rows from the counter, after the rows awaiting an answer', async () => {
    const db = await enrolled();
    for (const pupilId of PUPILS) await mark(db, pupilId);

    const first = await batch(db, 2);
    expect(first.map((r) => [r.localSeq, r.wireSeq])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    // Unanswered: the same rows under the same numbers, then the next one numbered.
    const second = await batch(db, 3);
    expect(second.map((r) => [r.localSeq, r.wireSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(await getMeta(db, 'nextWireSeq')).toBe(4);
    expect(await numbers(db)).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['pending', 3],
      ['pending', null],
    ]);
  });

  it('continues from the counter, skips answered rows, and returns nothing when all are answered', async () => {
    const db = await enrolled();
    await setMeta(db, 'nextWireSeq', 41);
    await mark(db, PUPIL.ada);
    await mark(db, PUPIL.ben);
    await db.outbox.update(1, { status: 'rejected' });
    expect((await batch(db, 10)).map((r) => [r.localSeq, r.wireSeq])).toEqual([[2, 41]]);
    await db.outbox.update(2, { status: 'acked' });
    expect(await batch(db, 10)).toEqual([]);
    expect(await getMeta(db, 'nextWireSeq')).toBe(42);
  });

  it('never gives a number a waiting row holds, even with a damaged counter', async () => {
    const db = await enrolled();
    await mark(db, PUPIL.ada);
    await mark(db, PUPIL.ben);
    await batch(db, 1);
    await db.meta.put({ key: 'nextWireSeq', value: 'damaged' });
    expect((await batch(db, 5)).map((r) => r.wireSeq)).toEqual([1, 2]);
  });
});

describe('recordRefusal', () => {
  it('rejects the named rows with the message, takes numbers back from `expected`, keeps those below', async () => {
    const db = await enrolled();
    const ids = [];
    for (const pupilId of PUPILS) ids.push(await mark(db, pupilId));
    await mark(db, PUPIL.eve); // not numbered yet
    const sent = await batch(db, 4);

    const rejected = await recordRefusal(db, DEVICE_ID, sent, {
      expected: 2,
      rejected: [{ eventId: ids[2] ?? '', clientSeq: 3, message: 'Not on roll that day.' }],
    });

    expect(rejected).toBe(1);
    expect(await numbers(db)).toEqual([
      ['pending', 1],
      ['pending', null],
      ['rejected', null],
      ['pending', null],
      ['pending', null],
    ]);
    expect(await db.outbox.get(3)).toMatchObject({
      ackStatus: 'rejected',
      ackReason: 'Not on roll that day.',
    });
    expect(await getMeta(db, 'nextWireSeq')).toBe(2);
    // The next batch: the stored one again under 1, then the rest in device order from 2.
    expect((await batch(db, 10)).map((r) => [r.localSeq, r.wireSeq])).toEqual([
      [1, 1],
      [2, 2],
      [4, 3],
      [5, 4],
    ]);
  });

  it('says so when the answer names none of the rows sent', async () => {
    const db = await enrolled();
    await mark(db, PUPIL.ada);
    const sent = await batch(db, 1);
    const stranger = '00000000-0000-4000-8000-0000000e0999';
    expect(
      await recordRefusal(db, DEVICE_ID, sent, {
        expected: 1,
        rejected: [{ eventId: stranger, clientSeq: 1, message: 'No.' }],
      }),
    ).toBe(0);
  });
});

describe('an answer about numbers given under an earlier device id', () => {
  it('records the refusal but leaves the restarted numbering alone', async () => {
    const db = await enrolled();
    const ada = await mark(db, PUPIL.ada, 'Q');
    await mark(db, PUPIL.ben);
    await mark(db, PUPIL.cat);
    await setMeta(db, 'nextWireSeq', 8);
    const sent = await batch(db, 3); // 8, 9, 10 under DEVICE_ID
    await enrolDevice(db, OTHER_DEVICE_ID); // a sign-in in another tab meanwhile

    const details = { expected: 8, rejected: [{ eventId: ada, clientSeq: 8, message: 'No.' }] };
    expect(await recordRefusal(db, DEVICE_ID, sent, details)).toBe(1);
    expect(await renumberFrom(db, DEVICE_ID, 9)).toBe(0);

    expect(await getMeta(db, 'nextWireSeq')).toBe(1);
    expect(await numbers(db)).toEqual([
      ['rejected', null],
      ['pending', null],
      ['pending', null],
    ]);
  });
});

describe('renumberFrom', () => {
  it('takes back the numbers of rows still waiting from `expected`, never of answered rows', async () => {
    const db = await enrolled();
    for (const pupilId of PUPILS) await mark(db, pupilId);
    await batch(db, 4);
    await db.outbox.update(3, { status: 'acked', serverSeq: 9 });

    expect(await renumberFrom(db, DEVICE_ID, 2)).toBe(2);
    expect(await numbers(db)).toEqual([
      ['pending', 1],
      ['pending', null],
      ['acked', 3],
      ['pending', null],
    ]);
    expect(await getMeta(db, 'nextWireSeq')).toBe(2);
    expect(await renumberFrom(db, DEVICE_ID, 7)).toBe(0);
    expect(await getMeta(db, 'nextWireSeq')).toBe(2);
  });
});

describe('enrolDevice', () => {
  it('restarts numbering at 1 under a new id: waiting rows lose their numbers, answered rows keep them', async () => {
    const db = await enrolled();
    for (const pupilId of PUPILS.slice(0, 3)) await mark(db, pupilId);
    await batch(db, 3);
    await db.outbox.update(1, { status: 'acked' });

    await enrolDevice(db, OTHER_DEVICE_ID);

    expect(await getMeta(db, 'deviceId')).toBe(OTHER_DEVICE_ID);
    expect(await getMeta(db, 'nextWireSeq')).toBe(1);
    expect(await numbers(db)).toEqual([
      ['acked', 1],
      ['pending', null],
      ['pending', null],
    ]);
  });
});

type Step =
  | { readonly kind: 'mark'; readonly pupil: number; readonly refused: boolean }
  | { readonly kind: 'flush'; readonly fault: 'none' | 'lose' | 'unavailable' | 'too_large' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('mark' as const),
    pupil: fc.nat({ max: PUPILS.length - 1 }),
    refused: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('flush' as const),
    fault: fc.constantFrom(
      'none' as const,
      'lose' as const,
      'unavailable' as const,
      'too_large' as const,
    ),
  }),
);

const FAULT: Record<Exclude<Extract<Step, { kind: 'flush' }>['fault'], 'none'>, Fault> = {
  lose: { kind: 'lose_response' },
  unavailable: { kind: 'status', status: 503 },
  too_large: { kind: 'status', status: 413 },
};

describe('wire numbers across refusals, lost answers and retries (property)', () => {
  it('every mark ends stored once or refused with its message; numbers run 1, 2, 3… per device', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, batchSize) => {
          // Each run's database is closed when the run ends, not kept open to the end of the test.
          const db = freshDb();
          try {
            const timers = new ManualTimers();
            const server = new FakeSyncServer({ staff: [TEACHER], roster: ROSTER });
            server.refusedCodes.add('Q');
            const pushes: PushRequest[] = [];
            const client = createSyncClient({
              fetch: (url, init) => {
                if (url.endsWith('/push'))
                  pushes.push(JSON.parse(String(init.body)) as PushRequest);
                return server.fetch(url, init);
              },
            });
            await enrolDevice(db, DEVICE_ID);
            const engine = createSyncEngine({
              db,
              client,
              clock: timers.clock,
              timers,
              random: () => 0.5,
              pushBatchSize: batchSize,
            });
            const refusedIds = new Set<string>();
            try {
              for (const s of steps) {
                if (s.kind === 'mark') {
                  const id = await mark(db, PUPILS[s.pupil] ?? PUPIL.ada, s.refused ? 'Q' : '/');
                  if (s.refused) refusedIds.add(id);
                } else {
                  if (s.fault !== 'none') server.faults.push(FAULT[s.fault]);
                  await engine.flush();
                }
              }
              server.faults.length = 0;
              const last = await engine.flush();
              expect(last).toMatchObject({ ok: true, error: null });
            } finally {
              engine.dispose();
            }

            const rows: OutboxRow[] = await db.outbox.orderBy('localSeq').toArray();
            expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
            for (const row of rows) {
              if (refusedIds.has(row.eventId)) {
                expect(row).toMatchObject({
                  status: 'rejected',
                  wireSeq: null,
                  ackReason: 'The code Q cannot be used here.',
                });
              } else {
                expect(row.status).toBe('acked');
              }
            }
            // Stored once each, in device order, under 1, 2, 3… with the numbers the rows hold.
            const acked = rows.filter((r) => r.status === 'acked');
            expect(server.events.map((e) => e.eventId)).toEqual(acked.map((r) => r.eventId));
            expect(server.clientSeqsOf(DEVICE_ID)).toEqual(acked.map((_, i) => i + 1));
            expect(acked.map((r) => r.wireSeq)).toEqual(acked.map((_, i) => i + 1));
            // Every batch sent was a run of consecutive numbers.
            for (const push of pushes) {
              const seqs = push.events.map((e) => e.clientSeq);
              expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
            }
            return true;
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
