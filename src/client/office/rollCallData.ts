/**
 * The fire roll call as this device can compute it with no connection: the domain's `rollCall`
 * over the roster, this device's copy of the session's entries (with its own unsent marks laid
 * over them, e.g. a late arrival signed in at this desk a minute ago) and the sign-outs cached
 * from the last online fetch.
 */
import {
  rollCall,
  sessionKey,
  type RollCall,
  type RollCallEntry,
  type RollCallSignOut,
  type SessionRef,
} from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { entryRowSchema, type EntryRow } from '../db/entryRow';
import { outboxRowSchema, type OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';
import { overlayEntry } from '../marks/registerView';
import { isOnRoll } from '../marks/roster';

/** Pupils on roll on the day, class by class in the roster's order, surname first within each. */
function rollCallPupils(roster: Roster, session: SessionRef) {
  const order = new Map(roster.groups.map((g, index) => [g.id, index]));
  const names = new Map(roster.groups.map((g) => [g.id, g.name]));
  return roster.pupils
    .filter((p) => isOnRoll(p, session.date) && order.has(p.groupId))
    .sort(
      (a, b) =>
        (order.get(a.groupId) ?? 0) - (order.get(b.groupId) ?? 0) ||
        a.sortName.localeCompare(b.sortName, 'en-GB'),
    )
    .map((p) => ({
      id: p.id,
      name: p.displayName,
      groupId: p.groupId,
      groupName: names.get(p.groupId) ?? '',
    }));
}

export async function deviceRollCall(
  db: AppDb,
  roster: Roster,
  session: SessionRef,
  at: string,
  signOuts: readonly RollCallSignOut[],
): Promise<RollCall> {
  const pupils = rollCallPupils(roster, session);
  const key = sessionKey(session);
  const keys = pupils.map((p): [string, string] => [p.id, key]);
  const { entryRows, markRows } = await db.transaction('r', db.entries, db.outbox, async () => ({
    entryRows: keys.length === 0 ? [] : await db.entries.bulkGet(keys),
    markRows:
      keys.length === 0 ? [] : await db.outbox.where('[pupilId+sessionKey]').anyOf(keys).toArray(),
  }));
  const marks = new Map<string, OutboxRow[]>();
  for (const raw of markRows) {
    const row = parseStoredRow('outbox', outboxRowSchema, raw);
    marks.set(row.pupilId, [...(marks.get(row.pupilId) ?? []), row]);
  }
  const entries: RollCallEntry[] = [];
  pupils.forEach((pupil, index) => {
    const raw = entryRows[index];
    const entry: EntryRow | undefined =
      raw === undefined ? undefined : parseStoredRow('entries', entryRowSchema, raw);
    const shown = overlayEntry(entry, marks.get(pupil.id) ?? []);
    if (shown.code !== null) {
      entries.push({ pupilId: pupil.id, code: shown.code, arrivedAt: shown.arrivedAt });
    }
  });
  return rollCall({ session, at, pupils, entries, signOuts });
}
