/**
 * Who has been ticked off at the assembly point, kept in IndexedDB (the `meta` table) at every
 * tap: a tablet that reloads, locks or runs out of battery mid-drill does not lose the count.
 * One roll call at a time; ticks of another session are not this roll call's.
 */
import type { AppDb } from '../db/appDb';
import { deleteMeta, getMeta, setMeta } from '../db/meta';

export interface RollCallTicks {
  readonly sessionKey: string;
  readonly startedAt: string;
  readonly ticked: readonly string[];
}

/** The ticks of the roll call for `sessionKey`, or null when none has started on this device. */
export async function readTicks(db: AppDb, sessionKey: string): Promise<RollCallTicks | null> {
  const stored = await getMeta(db, 'rollCallTicks');
  return stored !== undefined && stored.sessionKey === sessionKey ? stored : null;
}

/** Ticks or unticks `pupilId`; the first tick starts the roll call's clock. */
export async function setTick(
  db: AppDb,
  sessionKey: string,
  pupilId: string,
  isTicked: boolean,
  now: string,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = (await readTicks(db, sessionKey)) ?? { sessionKey, startedAt: now, ticked: [] };
    const others = current.ticked.filter((id) => id !== pupilId);
    await setMeta(db, 'rollCallTicks', {
      sessionKey,
      startedAt: current.startedAt,
      ticked: isTicked ? [...others, pupilId] : others,
    });
  });
}

export async function clearTicks(db: AppDb): Promise<void> {
  await deleteMeta(db, 'rollCallTicks');
}
