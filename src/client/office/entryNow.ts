/**
 * One entry (pupil and session) as this device shows it: the server's head from the last sync
 * with any mark of this device still waiting laid over it — the same overlay the register uses,
 * so the office and the teacher's tablet agree on what "the current mark" is.
 */
import { sessionKey, type SessionRef } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import { entryRowSchema } from '../db/entryRow';
import { outboxRowSchema } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';
import { overlayEntry, type RegisterPupil } from '../marks/registerView';

export type EntryNow = Omit<RegisterPupil, 'pupilId' | 'displayName' | 'sortName'>;

export async function entryNow(db: AppDb, pupilId: string, session: SessionRef): Promise<EntryNow> {
  const key = sessionKey(session);
  return db.transaction('r', db.entries, db.outbox, async () => {
    const raw = await db.entries.get([pupilId, key]);
    const entry = raw === undefined ? undefined : parseStoredRow('entries', entryRowSchema, raw);
    const marks = (
      await db.outbox.where('[pupilId+sessionKey]').equals([pupilId, key]).toArray()
    ).map((row) => parseStoredRow('outbox', outboxRowSchema, row));
    return overlayEntry(entry, marks);
  });
}
