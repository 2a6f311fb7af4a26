/**
 * Builders for StatEntry values in tests: single entries, and runs of marks laid on the open
 * sessions of a week as the school's calendar has them.
 */
import { openSessionsBetween } from '../calendar/schoolCalendar';
import type { SchoolConfig, SessionPart, YearGroup } from '../config/schoolConfig';
import { addDays, localDate } from '../time/localDate';
import type { StatEntry } from './statEntry';

export function entry(
  date: string,
  part: SessionPart,
  code: string,
  extra: { pupilId?: string; minutesLate?: number | null } = {},
): StatEntry {
  return {
    pupilId: extra.pupilId ?? 'p1',
    date: localDate(date),
    part,
    code,
    minutesLate: extra.minutesLate,
  };
}

/**
 * One entry per code, on the open sessions of the week starting `monday`, in order. Throws when
 * the week has fewer open sessions than codes: the scenario would not be what it says.
 */
export function marksInWeek(
  school: SchoolConfig,
  monday: string,
  codes: readonly string[],
  options: { pupilId?: string; yearGroup?: YearGroup } = {},
): StatEntry[] {
  const start = localDate(monday);
  const sessions = openSessionsBetween(school, start, addDays(start, 4), options.yearGroup);
  if (sessions.length < codes.length) {
    throw new Error(
      `the week of ${monday} has ${sessions.length} open sessions, not ${codes.length}`,
    );
  }
  return codes.map((code, i) => {
    const session = sessions[i];
    if (session === undefined) throw new Error('unreachable');
    return { pupilId: options.pupilId ?? 'p1', date: session.date, part: session.part, code };
  });
}
