/**
 * `GET /api/sync/pull` and `GET /api/sync/snapshot` (docs/design.md §7.6).
 *
 * Pull returns the school's events after a cursor in server order. The cursor it hands back is
 * the highest number it examined, not the last event it returned: rejected events are examined
 * but not sent, and must not be fetched again. Because numbers are taken under the counter row's
 * lock (syncHead.ts), every event below a visible one has already committed, so no later commit
 * can land behind the cursor.
 *
 * Both send every group's codes, whoever asks: any teacher may take any register (cover), and the
 * tablet's register, roll call and late corrections work offline from them. Reasons are health
 * and family information: a pulled event carries its reason only when the reader may read it
 * (reasonReader.ts); the snapshot carries entries' codes and heads, never a reason.
 */
import { addDays, toSchoolWallClock } from '../../domain/index';
import type { PullResponse, SnapshotResponse } from '../../shared/api/syncSchemas';
import type { Database } from '../db/database';
import { MARK_EVENT_COLUMNS, toWireEvent, type MarkEventRow } from '../register/eventRows';
import { buildRoster } from './roster';
import { reasonFor, type ReasonReader } from './reasonReader';
import { readEpoch } from '../db/serverEpoch';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { readHeadSeq } from '../register/syncHead';
import { ENTRY_COLUMNS, toAckEntry, type EntryRow } from '../register/entryRows';

/** A new device starts with this many days of entries; older history stays on the server. */
export const SNAPSHOT_DAYS = 42;

export interface PullQuery {
  readonly after: number;
  readonly limit: number;
  readonly epoch?: string | undefined;
  readonly rosterVersion: number;
}

export async function pullEvents(
  db: Database,
  schoolId: string,
  query: PullQuery,
  now: Date,
  reader: ReasonReader,
): Promise<PullResponse> {
  const epoch = await readEpoch(db);
  const headSeq = await readHeadSeq(db, schoolId);
  const serverTime = now.toISOString();
  if (query.epoch !== undefined && query.epoch !== epoch) {
    return {
      kind: 'reset',
      epoch,
      headSeq,
      serverTime,
      message:
        'The office’s data was restored from a backup, so this device will fetch the registers afresh. Marks waiting to sync are kept.',
    };
  }
  if (query.after > headSeq) {
    return {
      kind: 'reset',
      epoch,
      headSeq,
      serverTime,
      message:
        'This device is ahead of the office’s records, so it will fetch the registers afresh. Marks waiting to sync are kept.',
    };
  }
  const { rows } = await db.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND server_seq > $2
      ORDER BY server_seq
      LIMIT $3`,
    [schoolId, query.after, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const school = await loadSchoolRow(db, schoolId);
  return {
    kind: 'events',
    epoch,
    events: page
      .filter((row) => row.status !== 'rejected')
      .map((row) => ({
        ...toWireEvent(row),
        reason: reasonFor(reader, {
          pupilId: row.pupil_id,
          actorStaffId: row.actor_staff_id,
          reason: row.reason,
        }),
      })),
    nextCursor: page.at(-1)?.server_seq ?? query.after,
    // Events may have committed between reading the head and reading the page; the head is
    // never behind what this answer hands out.
    headSeq: Math.max(headSeq, page.at(-1)?.server_seq ?? 0),
    hasMore: rows.length > query.limit,
    serverTime,
    roster:
      query.rosterVersion < school.rosterVersion ? await buildRoster(db, schoolId, now) : null,
  };
}

/**
 * Current entries from a few weeks back, and the cursor to pull from afterwards. Read in one
 * repeatable-read transaction, so the entries and the cursor describe the same moment.
 */
export async function snapshot(
  db: Database,
  schoolId: string,
  now: Date,
): Promise<SnapshotResponse> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const epoch = await readEpoch(tx);
    const cursor = await readHeadSeq(tx, schoolId);
    // A stored configuration that does not parse is a server fault, as it is for a push.
    const { timeZone } = schoolConfigOf(await loadSchoolRow(tx, schoolId), now);
    const from = addDays(toSchoolWallClock(now, timeZone).date, -SNAPSHOT_DAYS);
    const { rows } = await tx.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS}
         FROM register_entry
        WHERE school_id = $1 AND session_date >= $2 AND head_seq <= $3
        ORDER BY session_date, session_part, pupil_id`,
      [schoolId, from, cursor],
    );
    return {
      epoch,
      cursor,
      from,
      entries: rows.map((r) => ({
        pupilId: r.pupil_id,
        session: { date: r.session_date, part: r.session_part },
        ...toAckEntry(r),
      })),
      roster: await buildRoster(tx, schoolId, now),
      serverTime: now.toISOString(),
    };
  });
}
