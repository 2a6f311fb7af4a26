import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMark } from '../marks/recordMark';
import { freshDb, MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { AppDb } from './appDb';
import { getDb, replaceDbForTests } from './db';
import { deleteMeta, getMeta, setMeta } from './meta';
import { outboxRowSchema } from './outboxRow';
import { parseStoredRow, StoredRowError } from './storedRowError';

let db: AppDb | undefined;
afterEach(async () => {
  db?.close();
  replaceDbForTests(null);
});

describe('AppDb version 1', () => {
  it('declares the schema: outbox keyed by ++localSeq with wire numbers indexed by status', async () => {
    db = freshDb();
    await db.open();
    expect(db.verno).toBe(1);
    const schema = Object.fromEntries(
      db.tables.map((t) => [
        t.name,
        { primKey: t.schema.primKey.src, indexes: t.schema.indexes.map((i) => i.src).sort() },
      ]),
    );
    expect(schema).toEqual({
      outbox: {
        primKey: '++localSeq',
        indexes: ['&eventId', '[pupilId+sessionKey]', '[status+wireSeq]', 'status'],
      },
      entries: { primKey: '[pupilId+sessionKey]', indexes: [] },
      events: { primKey: 'serverSeq', indexes: ['&eventId', '[pupilId+sessionKey]'] },
      roster: { primKey: 'id', indexes: [] },
      meta: { primKey: 'key', indexes: [] },
    });
  });

  it('asks for strict transaction durability', () => {
    db = freshDb();
    const options = (db as unknown as { _options: { chromeTransactionDurability?: string } })
      ._options;
    expect(options.chromeTransactionDurability).toBe('strict');
  });

  it('getDb returns one shared instance that tests can replace', () => {
    db = freshDb();
    replaceDbForTests(db);
    expect(getDb()).toBe(db);
    expect(getDb()).toBe(getDb());
  });
});

describe('meta', () => {
  it('stores typed values and reads them back', async () => {
    db = freshDb();
    await setMeta(db, 'pullCursor', 42);
    await setMeta(db, 'persistence', 'granted');
    expect(await getMeta(db, 'pullCursor')).toBe(42);
    expect(await getMeta(db, 'persistence')).toBe('granted');
    expect(await getMeta(db, 'epoch')).toBeUndefined();
    await deleteMeta(db, 'pullCursor');
    expect(await getMeta(db, 'pullCursor')).toBeUndefined();
  });

  it('refuses to write a value of the wrong shape (a bug)', async () => {
    db = freshDb();
    await expect(setMeta(db, 'pullCursor', -1)).rejects.toThrow();
    expect(await getMeta(db, 'pullCursor')).toBeUndefined();
  });

  it('reads a damaged value as missing', async () => {
    db = freshDb();
    await db.meta.put({ key: 'pullCursor', value: 'not a number' });
    expect(await getMeta(db, 'pullCursor')).toBeUndefined();
  });
});

describe('stored rows are parsed when read back', () => {
  const good = {
    localSeq: 1,
    v: 1,
    wireSeq: null,
    eventId: '00000000-0000-4000-8000-0000000e0001',
    pupilId: PUPIL.ada,
    sessionKey: '2025-09-08:AM',
    session: MONDAY_AM,
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    actorStaffId: TEACHER.staffId,
    actorRole: 'teacher',
    recordedAt: '2025-09-08T08:50:00.000Z',
    status: 'pending',
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
  };

  it('accepts a row in the shape this version writes', () => {
    expect(parseStoredRow('outbox', outboxRowSchema, good).sessionKey).toBe('2025-09-08:AM');
  });

  it.each([
    ['a session key that is not a real day', { sessionKey: '2025-02-30:AM' }, 'sessionKey'],
    ['an unknown status', { status: 'sent' }, 'status'],
    ['an unknown row version', { v: 2 }, 'v'],
    ['a wire number of 0', { wireSeq: 0 }, 'wireSeq'],
    ['a row without its wire number field', { wireSeq: undefined }, 'wireSeq'],
  ])('throws StoredRowError naming the field for %s', (_why, patch, field) => {
    const parse = () => parseStoredRow('outbox', outboxRowSchema, { ...good, ...patch });
    expect(parse).toThrow(StoredRowError);
    expect(parse).toThrow(field);
  });
});

/**
 * The upgrade rule in practice: a future version 2 (a new table and a new index, with an upgrade
 * that rewrites rows) is opened over a version-1 database holding queued marks. Every queued mark
 * must come through unchanged, still pending, still in device order.
 */
class AppDbVersion2 extends AppDb {
  constructor(name: string) {
    super(name);
    this.version(2)
      .stores({
        outbox: '++localSeq, &eventId, status, [status+wireSeq], [pupilId+sessionKey], recordedAt',
        notes: '++id',
      })
      .upgrade((tx) => tx.table('meta').put({ key: 'rosterVersion', value: 0 }));
  }
}

describe('a schema upgrade with marks queued', () => {
  it('keeps every pending outbox row, in order, with its primary key', async () => {
    const v1 = freshDb();
    const name = v1.name;
    for (const [i, pupilId] of [PUPIL.ada, PUPIL.ben, PUPIL.cat].entries()) {
      const result = await recordMark(v1, {
        pupilId,
        session: MONDAY_AM,
        code: i === 1 ? 'N' : '/',
        actor: TEACHER,
      });
      expect(result.ok).toBe(true);
    }
    const before = await v1.outbox.orderBy('localSeq').toArray();
    v1.close();

    const v2 = new AppDbVersion2(name);
    await v2.open();
    expect(v2.verno).toBe(2);
    const after = await v2.outbox.orderBy('localSeq').toArray();
    expect(after).toEqual(before);
    expect(after.map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await v2.outbox.where('recordedAt').above('').count()).toBe(3);
    v2.close();
  });
});
