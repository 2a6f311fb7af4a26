/**
 * Remembering which device id the server gave this browser (at sign-in). The server numbers each
 * device's marks from 1 (docs/design.md §7.12), so under a new id (the tablet was enrolled
 * afresh) the wire numbering restarts at 1: the counter goes back to 1 and every pending row
 * loses the number it held under the old id. Pending marks are kept and sent under the new id;
 * one the old id had already delivered (its answer lost) is recognised by its `eventId` and
 * acknowledged as stored, not recorded twice.
 */
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import { restartWireNumbers } from './wireNumbers';

/** Stores `deviceId`; when it differs from the one held, the wire numbering restarts at 1. */
export async function enrolDevice(db: AppDb, deviceId: string): Promise<void> {
  await db.transaction('rw', db.meta, db.outbox, async () => {
    if ((await getMeta(db, 'deviceId')) === deviceId) return;
    await setMeta(db, 'deviceId', deviceId);
    await restartWireNumbers(db);
  });
}
