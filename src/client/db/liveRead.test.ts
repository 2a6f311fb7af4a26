import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordMark } from '../marks/recordMark';
import { outboxCountsFeed, type OutboxCounts } from '../marks/outboxCounts';
import {
  freshDb,
  ManualTimers,
  MONDAY_AM,
  PUPIL,
  ROSTER,
  sequentialIds,
  TEACHER,
} from '../testSupport.fixture';
import type { AppDb } from './appDb';
import { liveRead } from './liveRead';
import { ROSTER_ROW_ID } from './rosterRow';

let db: AppDb;
afterEach(() => db.close());

const env = () => ({ clock: new ManualTimers().clock, newEventId: sequentialIds() });

const mark = (pupilId: string) =>
  recordMark(db, {
    pupilId,
    session: MONDAY_AM,
    code: '/',
    actor: { staffId: TEACHER.staffId, role: TEACHER.role },
    seenHeadEventId: null,
  });

/** A live count of the outbox's rows on a fresh database, with how many times it was read. */
function outboxRowsCounted() {
  db = freshDb();
  const tally = { reads: 0 };
  const count = liveRead(db, ['outbox'], () => {
    tally.reads += 1;
    return db.outbox.count();
  });
  return { count, reads: () => tally.reads };
}

describe('liveRead', () => {
  it('reads once per write however many follow it', async () => {
    const { count, reads } = outboxRowsCounted();
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = count.subscribe((n) => first.push(n));
    const stopSecond = count.subscribe((n) => second.push(n));
    await vi.waitFor(() => expect(first).toEqual([0]));
    expect(second).toEqual([0]);
    // Opening the database may count as a write (a re-read): count from here.
    const before = reads();

    await mark(PUPIL.ada);
    await vi.waitFor(() => expect(first).toEqual([0, 1]));
    expect(second).toEqual([0, 1]);
    expect(reads() - before).toBe(1);
    stopFirst();
    stopSecond();
  });

  it('ignores writes to other tables', async () => {
    const { count, reads } = outboxRowsCounted();
    const seen: number[] = [];
    const stop = count.subscribe((n) => seen.push(n));
    await vi.waitFor(() => expect(seen).toEqual([0]));
    const before = reads();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    await mark(PUPIL.ada);
    await vi.waitFor(() => expect(seen).toEqual([0, 1]));
    expect(reads() - before).toBe(1);
    stop();
  });

  it('throws away a read a write landed in, and publishes the read after it', async () => {
    db = freshDb();
    const gate: { release: (() => void) | null } = { release: null };
    const count = liveRead(db, ['outbox'], async () => {
      const n = await db.outbox.count();
      // The first read waits until a write has landed while it was running.
      if (gate.release === null) await new Promise<void>((resolve) => (gate.release = resolve));
      return n;
    });
    const seen: number[] = [];
    const stop = count.subscribe((n) => seen.push(n));
    await vi.waitFor(() => expect(gate.release).not.toBeNull());
    await mark(PUPIL.ada);
    gate.release?.();
    await vi.waitFor(() => expect(seen).toEqual([1]));
    stop();
  });

  it('stops reading when the last follower leaves, and starts afresh for the next', async () => {
    const { count, reads } = outboxRowsCounted();
    const seen: number[] = [];
    const stop = count.subscribe((n) => seen.push(n));
    await vi.waitFor(() => expect(seen).toEqual([0]));
    stop();
    expect(count.current()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = reads();
    await mark(PUPIL.ada);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads()).toBe(before);
    const again = count.subscribe((n) => seen.push(n));
    await vi.waitFor(() => expect(seen).toEqual([0, 1]));
    again();
  });

  it('passes a failed read to the followers', async () => {
    db = freshDb();
    const failing = liveRead(db, ['outbox'], () => Promise.reject(new Error('disk gone')));
    const errors: unknown[] = [];
    const stop = failing.subscribe(
      () => undefined,
      (error) => errors.push(error),
    );
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    stop();
  });
});

describe('outboxCountsFeed', () => {
  it('is one feed per database, shared by the status bar and the sync engine', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    expect(outboxCountsFeed(db)).toBe(outboxCountsFeed(db));
    const seen: OutboxCounts[] = [];
    const stop = outboxCountsFeed(db).subscribe((counts) => seen.push(counts));
    await vi.waitFor(() => expect(seen).toEqual([{ pending: 0, rejected: 0 }]));
    await recordMark(
      db,
      {
        pupilId: PUPIL.ada,
        session: MONDAY_AM,
        code: '/',
        actor: { staffId: TEACHER.staffId, role: TEACHER.role },
      },
      env(),
    );
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ pending: 1, rejected: 0 }));
    expect(outboxCountsFeed(db).current()).toEqual({ pending: 1, rejected: 0 });
    stop();
  });
});
