/**
 * Pre-entering a code over a date range (an `M` for a known appointment, `C` for granted leave,
 * `#` for a closure of some year groups): the sessions it covers come from the domain calendar,
 * `openSessionsBetween`, for each pupil's year group, so weekends, holidays and sessions a
 * planned closure already covers are skipped.
 */
import {
  openSessionsBetween,
  type LocalDate,
  type SchoolConfig,
  type SessionPart,
  type SessionRef,
} from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { groupRefOf, isOnRoll } from '../marks/roster';

export type PartChoice = 'both' | SessionPart;

export interface PreEntry {
  readonly pupilId: string;
  readonly session: SessionRef;
}

/** Every (pupil, session) the pre-entry covers, pupil by pupil, sessions in order. */
export function preEntries(input: {
  readonly school: SchoolConfig;
  readonly roster: Roster;
  readonly pupilIds: readonly string[];
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly parts: PartChoice;
}): PreEntry[] {
  const { school, roster } = input;
  const groups = new Map(roster.groups.map((g) => [g.id, groupRefOf(g)]));
  const result: PreEntry[] = [];
  for (const pupilId of input.pupilIds) {
    const pupil = roster.pupils.find((p) => p.id === pupilId);
    if (pupil === undefined) continue;
    const yearGroup = groups.get(pupil.groupId)?.yearGroup;
    for (const s of openSessionsBetween(school, input.from, input.to, yearGroup)) {
      if (input.parts !== 'both' && s.part !== input.parts) continue;
      if (!isOnRoll(pupil, s.date)) continue;
      result.push({ pupilId, session: { date: s.date, part: s.part } });
    }
  }
  return result;
}
