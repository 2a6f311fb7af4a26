/**
 * The register a person chose by hand, kept on the tablet (the `meta` table), so that after a
 * reload, a crash or the lock they land on the register they were marking, not on their own
 * class's. Kept per person: whoever unlocks next starts from their own choice or their own class.
 * Only for the school day it was made: the next morning starts from the clock again.
 */
import { toSchoolWallClock, type SessionRef } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';

export interface RememberedChoice {
  readonly groupId: string | null;
  readonly session: SessionRef | null;
}

/** Keeps `choice` for `staffId` (both null: they follow the clock again, so it is forgotten). */
export async function rememberChoice(
  db: AppDb,
  staffId: string,
  choice: RememberedChoice,
  now: number,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const others = Object.entries((await getMeta(db, 'registerChoices')) ?? {}).filter(
      ([id]) => id !== staffId,
    );
    const isFollowingClock = choice.groupId === null && choice.session === null;
    const mine = isFollowingClock
      ? []
      : [[staffId, { ...choice, chosenAt: new Date(now).toISOString() }] as const];
    await setMeta(db, 'registerChoices', Object.fromEntries([...others, ...mine]));
  });
}

/** The choice `staffId` made earlier on this school day, or null. */
export async function recallChoice(
  db: AppDb,
  staffId: string,
  now: number,
  timeZone: string,
): Promise<RememberedChoice | null> {
  const kept = (await getMeta(db, 'registerChoices'))?.[staffId];
  if (kept === undefined) return null;
  const day = (at: number) => toSchoolWallClock(at, timeZone).date;
  if (day(Date.parse(kept.chosenAt)) !== day(now)) return null;
  return { groupId: kept.groupId, session: kept.session };
}
