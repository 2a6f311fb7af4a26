/**
 * Finding a pupil by typing part of a name, on the device's roster (so it works offline), by
 * the domain's one name rule (`nameMatchRank`: any part of the name, any order, ignoring case,
 * accents and the kind of apostrophe). Pupils on roll on the day come first, then names that
 * start with what was typed, then by register order. The late book and the sign-out book offer
 * only pupils on roll on the day (a leaver is gone from the day after their leaving date, and a
 * new pupil is not there before their admission date).
 */
import { nameMatchRank, type LocalDate } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { isOnRoll, type RosterPupil } from '../marks/roster';

export interface FoundPupil {
  readonly pupil: RosterPupil;
  readonly groupName: string;
}

/** The pupils matching `typed` (at most `limit`), or none when nothing has been typed. */
export function findPupils(
  roster: Roster,
  typed: string,
  date: LocalDate,
  limit = 8,
  onRollOnly = false,
): FoundPupil[] {
  const groups = new Map(roster.groups.map((g) => [g.id, g.name]));
  return roster.pupils
    .flatMap((pupil) => {
      if (onRollOnly && !isOnRoll(pupil, date)) return [];
      const rank = nameMatchRank(typed, [pupil.displayName, pupil.sortName]);
      return rank === null ? [] : [{ pupil, rank }];
    })
    .sort(
      (a, b) =>
        Number(isOnRoll(b.pupil, date)) - Number(isOnRoll(a.pupil, date)) ||
        a.rank - b.rank ||
        a.pupil.sortName.localeCompare(b.pupil.sortName, 'en-GB'),
    )
    .slice(0, limit)
    .map(({ pupil }) => ({ pupil, groupName: groups.get(pupil.groupId) ?? 'No class' }));
}
