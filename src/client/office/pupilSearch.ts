/**
 * Finding a pupil by typing part of a name, on the device's roster (so it works offline): every
 * word typed must start a word of the name, in any order ("ad ada" finds Ada Adams), ignoring
 * case and accents. Pupils on roll on the day come first, then by register order.
 */
import type { LocalDate } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { isOnRoll, type RosterPupil } from '../queries/roster';

export interface FoundPupil {
  readonly pupil: RosterPupil;
  readonly groupName: string;
}

const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-GB');

const wordsOf = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w !== '');

/** The pupils matching `typed` (at most `limit`), or none when nothing has been typed. */
export function findPupils(
  roster: Roster,
  typed: string,
  date: LocalDate,
  limit = 8,
): FoundPupil[] {
  const wanted = wordsOf(typed);
  if (wanted.length === 0) return [];
  const groups = new Map(roster.groups.map((g) => [g.id, g.name]));
  return roster.pupils
    .filter((pupil) => {
      const words = wordsOf(`${pupil.displayName} ${pupil.sortName}`);
      return wanted.every((w) => words.some((word) => word.startsWith(w)));
    })
    .sort(
      (a, b) =>
        Number(isOnRoll(b, date)) - Number(isOnRoll(a, date)) ||
        a.sortName.localeCompare(b.sortName, 'en-GB'),
    )
    .slice(0, limit)
    .map((pupil) => ({ pupil, groupName: groups.get(pupil.groupId) ?? 'No class' }));
}
