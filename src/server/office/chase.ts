/**
 * The chase list: every current `N` (reason not yet established), oldest first, with school days
 * outstanding and the overdue flag from the domain (overdueN, schoolDaysBetween; counted past the
 * configured terms as an estimate, and flagged so), the first-day
 * contact status, and runs of consecutive sessions so one reason can cover them.
 */
import {
  addSchoolDays,
  isOnRoll,
  localDate,
  openSessionsBetween,
  overdueN,
  schoolDaysBetween,
  schoolDaysCountIsEstimate,
  sessionKey,
  type LocalDate,
  type SchoolConfig,
  type YearGroup,
} from '../../domain/index';
import type { ChaseItem, ChaseResponse } from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { absenceKey, contactSummaries } from './contacts';
import { entriesWithCode, type CurrentEntry } from './currentEntries';
import { compareText, loadSchoolConfig, pupilsById, type PupilAtSchool } from './officeSupport';

/** Whether `next` is the pupil's next open session after `prev` (nothing to mark in between). */
function follows(
  school: SchoolConfig,
  prev: CurrentEntry,
  next: CurrentEntry,
  yearGroup: YearGroup | undefined,
): boolean {
  const sessions = openSessionsBetween(
    school,
    localDate(prev.date),
    localDate(next.date),
    yearGroup,
  ).map((s) => sessionKey(s));
  const from = sessions.indexOf(`${prev.date}:${prev.part}`);
  const to = sessions.indexOf(`${next.date}:${next.part}`);
  return from !== -1 && to === from + 1;
}

/** A pupil's `N` entries (in session order) cut into runs of consecutive sessions. */
function runsOf(
  school: SchoolConfig,
  entries: readonly CurrentEntry[],
  yearGroup: YearGroup | undefined,
): CurrentEntry[][] {
  const runs: CurrentEntry[][] = [];
  for (const entry of entries) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run !== undefined && last !== undefined && follows(school, last, entry, yearGroup)) {
      run.push(entry);
    } else {
      runs.push([entry]);
    }
  }
  return runs;
}

export async function chaseList(
  db: Queryable,
  schoolId: string,
  today: LocalDate,
): Promise<ChaseResponse> {
  const school = await loadSchoolConfig(db, schoolId, today);
  const entries = await entriesWithCode(db, schoolId, 'N');
  const byPupil = new Map<string, CurrentEntry[]>();
  for (const entry of entries) {
    const list = byPupil.get(entry.pupilId) ?? [];
    list.push(entry);
    byPupil.set(entry.pupilId, list);
  }
  // The pupil's current group names them on the list; the group of each session's day decides
  // which closures count when the school days are counted.
  const pupils = await pupilsById(db, schoolId, [...byPupil.keys()], null);
  const contacts = await contactSummaries(db, schoolId, entries);

  const runs: { pupil: PupilAtSchool; entries: CurrentEntry[] }[] = [];
  const items = new Map<string, Omit<ChaseItem, 'runId' | 'runIndex' | 'runLength'>>();
  for (const [pupilId, list] of byPupil) {
    const pupil = pupils.get(pupilId);
    // A pupil off roll today (left, or not yet admitted) is not chased.
    if (pupil === undefined || !isOnRoll(pupil, today)) continue;
    const yearGroup = pupil.yearGroup ?? undefined;
    const overdue = new Set(
      overdueN(
        list.map((e) => ({ pupilId, date: localDate(e.date), part: e.part, code: e.code })),
        school,
        today,
        yearGroup,
      ).map((o) => `${o.entry.date}:${o.entry.part}`),
    );
    for (const entry of list) {
      const date = localDate(entry.date);
      const deadline = addSchoolDays(school, date, school.thresholds.nResolveSchoolDays, yearGroup);
      items.set(absenceKey(pupilId, entry.date, entry.part), {
        pupilId,
        pupilName: pupil.name,
        sortName: pupil.sortName,
        groupId: pupil.groupId,
        groupName: pupil.groupName,
        session: { date: entry.date, part: entry.part },
        headEventId: entry.headEventId,
        schoolDaysOutstanding: schoolDaysBetween(school, date, today, yearGroup),
        deadline: deadline.date,
        estimate: deadline.isEstimate || schoolDaysCountIsEstimate(school, date, today),
        overdue: overdue.has(`${entry.date}:${entry.part}`),
        contact: contacts.get(absenceKey(pupilId, entry.date, entry.part)) ?? null,
      });
    }
    for (const run of runsOf(school, list, yearGroup)) runs.push({ pupil, entries: run });
  }

  // Oldest run first; a run stays together so the office can give one reason for all of it.
  runs.sort((a, b) => {
    const x = a.entries[0];
    const y = b.entries[0];
    if (x === undefined || y === undefined) return 0;
    return (
      x.date.localeCompare(y.date) ||
      x.part.localeCompare(y.part) ||
      compareText(a.pupil.sortName, b.pupil.sortName) ||
      x.pupilId.localeCompare(y.pupilId)
    );
  });
  const out: ChaseItem[] = [];
  for (const run of runs) {
    const first = run.entries[0];
    if (first === undefined) continue;
    const runId = absenceKey(first.pupilId, first.date, first.part);
    run.entries.forEach((entry, runIndex) => {
      const item = items.get(absenceKey(entry.pupilId, entry.date, entry.part));
      if (item !== undefined) out.push({ ...item, runId, runIndex, runLength: run.entries.length });
    });
  }
  return {
    today,
    nResolveSchoolDays: school.thresholds.nResolveSchoolDays,
    items: out,
  };
}
