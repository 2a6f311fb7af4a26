/**
 * Applying what the server sends down: a snapshot (a device starting from nothing), a page of
 * events after the cursor, or a reset. Each is ONE Dexie transaction that moves the cursor with
 * the data, so an interrupted pull leaves the device exactly where it was (docs/design.md §7.6).
 * A reset clears the pulled copy (entries, events, cursor) and NEVER drops an outbox row: it puts
 * the acknowledged ones back in the queue, since the server may have lost them.
 */
import {
  localDate,
  sessionKey,
  stepEntry,
  type EntryState,
  type LocalDate,
} from '../../domain/index';
import type { PullResponse, ServerEvent, SnapshotResponse } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { entryRowSchema, type EntryRow } from '../db/entryRow';
import { deleteMeta, getMeta, setMeta } from '../db/meta';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import { parseStoredRow } from '../db/storedRowError';
import { requeueAfterRestore } from './wireNumbers';

export type PullPage = Extract<PullResponse, { kind: 'events' }>;

const stateOf = (entry: EntryRow): EntryState => ({
  headEventId: entry.headEventId,
  code: entry.code,
  minutesLate: entry.minutesLate,
  headRole: entry.headRole,
  arrivedAt: entry.arrivedAt,
  needsReview: entry.needsReview,
});

/**
 * The entry after one pulled event, folded with the domain's `stepEntry` (the same step the
 * server's fold uses, so both reach the same head and review flag). Events at or below the
 * entry's `headSeq` are already in it (from the snapshot or an acknowledgement) and are not
 * folded again; if such an event is the head itself, its arrival time (which acknowledgements
 * and snapshots do not carry) and role are taken from it.
 *
 * Returns null for an event of a session before `snapshotFrom` with no entry here: the device
 * never received that entry's earlier history, so folding from nothing would invent a head. Also
 * null after a withdrawal that took the entry's mark back: the entry has no mark.
 */
export function entryAfterEvent(
  entry: EntryRow | null,
  event: ServerEvent,
  snapshotFrom: LocalDate | undefined,
): EntryRow | null {
  if (entry !== null && event.serverSeq <= entry.headSeq) {
    const isHead = event.eventId === entry.headEventId;
    return isHead && (event.actor.role !== entry.headRole || event.arrivedAt !== entry.arrivedAt)
      ? { ...entry, headRole: event.actor.role, arrivedAt: event.arrivedAt }
      : entry;
  }
  if (entry === null && snapshotFrom !== undefined && event.session.date < snapshotFrom) {
    return null;
  }
  const { state, outcome } = stepEntry(entry === null ? null : stateOf(entry), event);
  // A withdrawal took the entry's mark back: the entry has no mark (it is removed).
  if (outcome.status === 'applied' && outcome.rule === 'withdrawal') return null;
  if (state === null) return entry;
  const key = sessionKey({ date: localDate(event.session.date), part: event.session.part });
  return {
    pupilId: event.pupilId,
    sessionKey: key,
    session: { date: localDate(event.session.date), part: event.session.part },
    code: state.code,
    minutesLate: state.minutesLate,
    arrivedAt: state.arrivedAt,
    headEventId: state.headEventId,
    headSeq: state.headEventId === event.eventId ? event.serverSeq : (entry?.headSeq ?? 0),
    headRole: state.headRole,
    needsReview: state.needsReview,
  };
}

/**
 * Starts the pulled copy afresh from a snapshot: entries, roster, cursor, epoch and the first
 * session date covered, all in one transaction. Pulled events from before are cleared (the
 * snapshot is the new starting point); the outbox is not touched.
 */
export async function applySnapshot(
  db: AppDb,
  snapshot: SnapshotResponse,
  clockOffsetMs: number | null,
): Promise<void> {
  await db.transaction('rw', [db.entries, db.events, db.roster, db.meta], async () => {
    await db.entries.clear();
    await db.events.clear();
    await db.entries.bulkPut(
      snapshot.entries.map((e): EntryRow => {
        const session = { date: localDate(e.session.date), part: e.session.part };
        return {
          pupilId: e.pupilId,
          sessionKey: sessionKey(session),
          session,
          code: e.code,
          minutesLate: e.minutesLate,
          arrivedAt: null,
          headEventId: e.headEventId,
          headSeq: e.headSeq,
          headRole: e.headRole,
          needsReview: e.needsReview,
        };
      }),
    );
    await db.roster.put({ id: ROSTER_ROW_ID, roster: snapshot.roster });
    await setMeta(db, 'rosterVersion', snapshot.roster.version);
    await setMeta(db, 'pullCursor', snapshot.cursor);
    await setMeta(db, 'epoch', snapshot.epoch);
    await setMeta(db, 'snapshotFrom', localDate(snapshot.from));
    if (clockOffsetMs !== null) await setMeta(db, 'clockOffsetMs', clockOffsetMs);
  });
}

/**
 * Applies one page of pulled events in server order, with the cursor, in one transaction:
 * stores each event, folds it into its entry, marks this device's own pending rows that the page
 * shows were recorded (their acknowledgement was lost), and replaces the roster when one came.
 *
 * @returns how many entries changed
 */
export async function applyPullPage(
  db: AppDb,
  page: PullPage,
  clockOffsetMs: number | null,
): Promise<number> {
  const events = [...page.events].sort((a, b) => a.serverSeq - b.serverSeq);
  return db.transaction('rw', [db.entries, db.events, db.outbox, db.roster, db.meta], async () => {
    const snapshotFrom = await getMeta(db, 'snapshotFrom');
    const entries = new Map<string, EntryRow | null>();
    const changed = new Set<string>();

    for (const event of events) {
      const session = { date: localDate(event.session.date), part: event.session.part };
      const key = sessionKey(session);
      const mapKey = `${event.pupilId}|${key}`;
      let entry = entries.get(mapKey);
      if (entry === undefined) {
        const stored = await db.entries.get([event.pupilId, key]);
        entry = stored === undefined ? null : parseStoredRow('entries', entryRowSchema, stored);
      }
      const next = entryAfterEvent(entry, event, snapshotFrom);
      entries.set(mapKey, next);
      if (next !== entry) changed.add(mapKey);

      await db.events.put({ ...event, sessionKey: key });
      const mine = await db.outbox.where('eventId').equals(event.eventId).first();
      if (mine !== undefined && mine.status === 'pending') {
        await db.outbox.update(mine.localSeq, {
          status: 'acked',
          serverSeq: event.serverSeq,
          ackStatus: event.status,
          ackReason: event.statusDetail,
        });
      }
    }

    const rows = [...changed]
      .map((key) => entries.get(key))
      .filter((row): row is EntryRow => row !== null && row !== undefined);
    await db.entries.bulkPut(rows);
    // Entries whose mark was withdrawn: they have no mark now.
    const cleared = [...changed].flatMap((key) => {
      if (entries.get(key) !== null) return [];
      const [pupilId = '', sessionKeyText = ''] = key.split('|');
      return [[pupilId, sessionKeyText] as [string, string]];
    });
    if (cleared.length > 0) await db.entries.bulkDelete(cleared);
    if (page.roster !== null) {
      await db.roster.put({ id: ROSTER_ROW_ID, roster: page.roster });
      await setMeta(db, 'rosterVersion', page.roster.version);
    }
    await setMeta(db, 'pullCursor', page.nextCursor);
    await setMeta(db, 'epoch', page.epoch);
    if (clockOffsetMs !== null) await setMeta(db, 'clockOffsetMs', clockOffsetMs);
    return rows.length + cleared.length;
  });
}

/**
 * Forgets the pulled copy after the server said the cursor cannot be honoured (a restore from a
 * backup, or a new epoch): entries, events, cursor, epoch and snapshot start. The roster stays so
 * the register still lists pupils until the new snapshot lands, and the outbox is never touched.
 */
export async function resetPulledCopy(db: AppDb): Promise<void> {
  await db.transaction('rw', [db.entries, db.events, db.meta], async () => {
    await db.entries.clear();
    await db.events.clear();
    await deleteMeta(db, 'pullCursor', 'epoch', 'snapshotFrom');
  });
}

/**
 * What a `reset` from the server does, in one transaction: the pulled copy is forgotten
 * ({@link resetPulledCopy}) and every acknowledged mark is queued again
 * (wireNumbers.ts `requeueAfterRestore`), because a reset means the server's log is not the one
 * this tablet synced with and the marks it acknowledged since its backup may be gone.
 *
 * @returns how many acknowledged marks were queued again
 */
export async function resetAfterRestore(db: AppDb): Promise<number> {
  return db.transaction('rw', [db.entries, db.events, db.outbox, db.meta], async () => {
    await resetPulledCopy(db);
    return requeueAfterRestore(db);
  });
}
