/**
 * What one group's register shows for one session: each pupil on roll with the code to show.
 * The code is the server's entry with this device's latest pending mark laid over it, exactly as
 * Replicache and PowerSync present optimistic state (docs/design.md §3), so a tap shows at
 * once and the server's answer replaces it when it arrives. Pure reads: no React, testable alone.
 */
import { sessionKey, type Role, type SessionRef } from '../../domain/index';
import type { AckStatus, PupilFlag, Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { entryRowSchema, type EntryRow } from '../db/entryRow';
import { outboxRowSchema, type OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';
import { isOnRoll, loadRoster, type RosterGroup } from './roster';

const NO_FLAGS: readonly PupilFlag[] = [];

export interface RegisterPupil {
  readonly pupilId: string;
  readonly displayName: string;
  readonly sortName: string;
  /** What the tile flags (medical, SEN, EAL), never the note behind a flag. */
  readonly flags?: readonly PupilFlag[];
  /** The pupil's photo id while the school shows photos (photoCache.ts fetches it), else null. */
  readonly photoId?: string | null;
  /** The code to show: the latest pending mark, else the server's entry, else null (unmarked). */
  readonly code: string | null;
  readonly minutesLate: number | null;
  readonly arrivedAt: string | null;
  /** A mark made here has not reached the office yet. */
  readonly isPending: boolean;
  /** The office has to look at this entry (two marks disagreed, or one overrode another). */
  readonly needsReview: boolean;
  /** The head a new mark would be based on: what the user is looking at. */
  readonly headEventId: string | null;
  /** The server's entry alone, without the pending overlay. */
  readonly serverCode: string | null;
  /**
   * The role of whoever wrote the server's entry (null when unmarked): an entry the office made
   * in advance (an `M`, a trip `V`) is protected from a careless tap on the register.
   */
  readonly headRole: Role | null;
  /**
   * What the server made of this device's latest answered mark for the entry, when it was not
   * simply applied: `rejected` (with `reason`), `conflict`, `superseded` or `duplicate_value`.
   * Null when the latest mark is pending, was applied, or there is none.
   */
  readonly notice: { readonly status: AckStatus; readonly reason: string | null } | null;
}

export interface RegisterView {
  readonly group: RosterGroup | null;
  readonly session: SessionRef;
  readonly pupils: readonly RegisterPupil[];
  readonly unmarkedCount: number;
  readonly pendingCount: number;
  /**
   * The event ids of every outbox row this read saw for the register, whatever their status: a
   * mark shown before its write committed can stop being shown once the view has read it.
   */
  readonly eventIds: ReadonlySet<string>;
  /** The server's entries the view was built from, by pupil id (see `previous` below). */
  readonly entries: ReadonlyMap<string, EntryRow>;
}

/** Lays this device's marks for one entry over the server's entry. */
export function overlayEntry(
  entry: EntryRow | undefined,
  marks: readonly OutboxRow[],
): Omit<RegisterPupil, 'pupilId' | 'displayName' | 'sortName'> {
  const ordered = [...marks].sort((a, b) => a.localSeq - b.localSeq);
  const pending = ordered.filter((row) => row.status === 'pending').at(-1);
  const latest = ordered.at(-1);
  const answered = latest !== undefined && latest.status !== 'pending' ? latest : undefined;
  const notice =
    answered?.ackStatus !== undefined &&
    answered.ackStatus !== null &&
    answered.ackStatus !== 'applied'
      ? { status: answered.ackStatus, reason: answered.ackReason }
      : null;
  // A pending undo of a first mark shows the pupil as having no mark.
  const shown = pending?.kind === 'withdrawn' ? undefined : (pending ?? entry);
  return {
    code: shown?.code ?? null,
    minutesLate: shown?.minutesLate ?? null,
    arrivedAt: shown?.arrivedAt ?? null,
    isPending: pending !== undefined,
    needsReview: entry?.needsReview ?? false,
    headEventId: pending?.eventId ?? entry?.headEventId ?? null,
    serverCode: entry?.code ?? null,
    headRole: entry?.headRole ?? null,
    notice,
  };
}

/**
 * The register of `groupId` for `session`: pupils on roll that day, in the roster's order
 * (surname first). Reads the entries and outbox in one transaction, so the overlay is never half
 * a write behind.
 *
 * `known`: the roster the caller already holds (a screen follows it with its own live query).
 * Without it the roster is read in the same transaction. Passing it keeps the roster, which is
 * the whole school's and the slowest row to parse, out of the reads every tap sets off again.
 *
 * `previous`: a view of the same register read since the last change to `entries`, whose server
 * entries are still the truth; only the outbox is read again. A tap changes only the outbox, and
 * reading 35 entries one key at a time is most of the cost of a view.
 */
export async function registerView(
  db: AppDb,
  groupId: string,
  session: SessionRef,
  known?: Roster | null,
  previous?: RegisterView,
): Promise<RegisterView> {
  const key = sessionKey(session);
  const tables = [
    ...(known === undefined ? [db.roster] : []),
    ...(previous === undefined ? [db.entries] : []),
    db.outbox,
  ];
  return db.transaction('r', tables, async () => {
    const roster = known === undefined ? await loadRoster(db) : known;
    const group = roster?.groups.find((g) => g.id === groupId) ?? null;
    const pupils = (roster?.pupils ?? []).filter(
      (p) => p.groupId === groupId && isOnRoll(p, session.date),
    );
    const keys = pupils.map((p): [string, string] => [p.id, key]);
    const entries = previous?.entries ?? (await readEntries(db, keys));
    const markRows =
      keys.length === 0 ? [] : await db.outbox.where('[pupilId+sessionKey]').anyOf(keys).toArray();

    const marksByPupil = new Map<string, OutboxRow[]>();
    const eventIds = new Set<string>();
    for (const raw of markRows) {
      const row = parseStoredRow('outbox', outboxRowSchema, raw);
      eventIds.add(row.eventId);
      const list = marksByPupil.get(row.pupilId);
      if (list === undefined) marksByPupil.set(row.pupilId, [row]);
      else list.push(row);
    }

    const view = pupils.map((pupil): RegisterPupil => ({
      pupilId: pupil.id,
      displayName: pupil.displayName,
      sortName: pupil.sortName,
      flags: pupil.flags ?? NO_FLAGS,
      photoId: pupil.photoId ?? null,
      ...overlayEntry(entries.get(pupil.id), marksByPupil.get(pupil.id) ?? []),
    }));
    return {
      group,
      session,
      pupils: view,
      unmarkedCount: view.filter((p) => p.code === null).length,
      pendingCount: view.filter((p) => p.isPending).length,
      eventIds,
      entries,
    };
  });
}

/** The server's entries for `keys` (one pupil and session each), by pupil id. */
async function readEntries(
  db: AppDb,
  keys: readonly [string, string][],
): Promise<ReadonlyMap<string, EntryRow>> {
  const rows = keys.length === 0 ? [] : await db.entries.bulkGet([...keys]);
  const entries = new Map<string, EntryRow>();
  for (const raw of rows) {
    if (raw === undefined) continue;
    const entry = parseStoredRow('entries', entryRowSchema, raw);
    entries.set(entry.pupilId, entry);
  }
  return entries;
}
