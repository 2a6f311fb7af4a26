import 'fake-indexeddb/auto';
import { Dexie, liveQuery, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionKey } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import { OUTBOX_ROW_VERSION, type NewOutboxRow } from '../db/outboxRow';
import { freshDb, MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { addedParts, appendOutboxRow } from './appendOutbox';
import { outboxCountsFeed, type OutboxCounts } from './outboxCounts';

let db: AppDb;
afterEach(() => db.close());

let ids = 0;
const row = (pupilId: string = PUPIL.ada): NewOutboxRow => {
  ids += 1;
  return {
    v: OUTBOX_ROW_VERSION,
    wireSeq: null,
    eventId: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`,
    actorStaffId: TEACHER.staffId,
    pupilId,
    sessionKey: sessionKey(MONDAY_AM),
    session: MONDAY_AM,
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    actorRole: 'teacher',
    recordedAt: '2025-09-08T07:50:00.000Z',
    status: 'pending',
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
  };
};

/** The next value `subscribe` publishes that passes `test`. */
function nextValue<T>(
  subscribe: (next: (value: T) => void) => () => void,
  test: (value: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const subscription: { stop?: () => void } = {};
    let done = false;
    subscription.stop = subscribe((value) => {
      if (done || !test(value)) return;
      done = true;
      subscription.stop?.();
      resolve(value);
    });
    // Published at once, during subscribe: stop now.
    if (done) subscription.stop();
  });
}

describe('appendOutboxRow (a tap’s write, under Dexie)', () => {
  it('adds the row as Dexie would: the next localSeq in device order, the same row, committed', async () => {
    db = freshDb();
    await db.open();
    const first = row(PUPIL.ada);
    const second = row(PUPIL.ben);
    const third = row(PUPIL.cat);
    expect(await db.outbox.add(first)).toBe(1);
    expect(await appendOutboxRow(db, second)).toBe(2);
    expect(await db.outbox.add(third)).toBe(3);
    expect(await db.outbox.toArray()).toEqual([
      { ...first, localSeq: 1 },
      { ...second, localSeq: 2 },
      { ...third, localSeq: 3 },
    ]);
  });

  it('refuses a second row with the same eventId, and adds nothing', async () => {
    db = freshDb();
    await db.open();
    const once = row();
    await appendOutboxRow(db, once);
    await expect(appendOutboxRow(db, { ...once, pupilId: PUPIL.ben })).rejects.toMatchObject({
      name: 'ConstraintError',
    });
    expect(await db.outbox.count()).toBe(1);
  });

  it('commits by itself on a browser with no commit() (Safari before 15)', async () => {
    db = freshDb();
    await db.open();
    const real = db.backendDB();
    vi.spyOn(db, 'backendDB').mockReturnValue({
      transaction: (names: string, mode: IDBTransactionMode, options?: IDBTransactionOptions) => {
        const tx = real.transaction(names, mode, options);
        Object.defineProperty(tx, 'commit', { value: undefined });
        return tx;
      },
    } as unknown as IDBDatabase);
    expect(await appendOutboxRow(db, row())).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('opens the database through Dexie when it is not open yet', async () => {
    db = freshDb();
    expect(db.isOpen()).toBe(false);
    expect(await appendOutboxRow(db, row())).toBe(1);
  });

  it('names the parts Dexie’s own add names, so the same reads are told', async () => {
    db = freshDb();
    await db.open();
    const seen: ObservabilitySet[] = [];
    const listen = (parts: ObservabilitySet) => seen.push(parts);
    Dexie.on.storagemutated.subscribe(listen);
    try {
      const added = row();
      const localSeq = await db.outbox.add(added);
      await new Promise((resolve) => setTimeout(resolve, 0));
      const dexies = seen.find((parts) => Object.keys(parts).some((k) => k.includes(db.name)));
      expect(dexies).toBeDefined();
      const ours = addedParts(db, localSeq, added);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(dexies ?? {}).sort());
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
  });

  it('tells Dexie’s live queries and the app’s live reads of the row, once committed', async () => {
    db = freshDb();
    await db.open();
    const pending = liveQuery(() => db.outbox.where('status').equals('pending').count());
    // Read once first, so Dexie holds the count in its cache: the write must make it read again.
    const subscribeCount = (next: (n: number) => void) => {
      const s = pending.subscribe({ next });
      return () => s.unsubscribe();
    };
    await nextValue(subscribeCount, (n) => n === 0);
    const counted = nextValue(subscribeCount, (n) => n === 1);
    const feed = outboxCountsFeed(db);
    await nextValue<OutboxCounts>(
      (next) => feed.subscribe(next),
      (c) => c.pending === 0,
    );
    const fed = nextValue<OutboxCounts>(
      (next) => feed.subscribe(next),
      (c) => c.pending === 1,
    );
    await appendOutboxRow(db, row());
    expect(await counted).toBe(1);
    expect(await fed).toEqual({ pending: 1, rejected: 0 });
  });
});
