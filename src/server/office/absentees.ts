/**
 * The daily absentee list: every pupil absent in a session of the day — an absence code (`N`
 * included), or no mark at all once the register has closed — with group, code, reason and the
 * first-day contact status. As JSON for the screen and as CSV for the office's own records.
 *
 * `U` is left out: the pupil arrived (after the register closed) and is in school, so they are
 * on the late book and the roll call, not on the list of pupils to chase.
 */
import { writeCsv } from '../../shared/csv';
import {
  lookupCode,
  schoolInstant,
  SESSION_PARTS,
  sessionOf,
  sessionTimesFor,
  toSchoolWallClock,
  formatWallTime,
  type LocalDate,
} from '../../domain/index';
import {
  ABSENTEE_CSV_HEADINGS,
  type Absentee,
  type AbsenteesResponse,
  type ContactMethod,
} from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { absenceKey, contactSummaries } from './contacts';
import { entriesOn } from './currentEntries';
import { codeGroupOf, compareText, loadSchoolConfig, pupilsOnRoll } from './officeSupport';

const NO_MARK = 'No mark after the register closed';

export async function absenteesOn(
  db: Queryable,
  schoolId: string,
  date: LocalDate,
  now: Date,
): Promise<AbsenteesResponse> {
  const school = await loadSchoolConfig(db, schoolId, date);
  const pupils = await pupilsOnRoll(db, schoolId, date);
  const entries = new Map(
    (await entriesOn(db, schoolId, date, null)).map((e) => [
      absenceKey(e.pupilId, e.date, e.part),
      e,
    ]),
  );
  const found: Omit<Absentee, 'contact'>[] = [];
  for (const pupil of pupils) {
    const group = { id: pupil.groupId, yearGroup: pupil.yearGroup };
    for (const part of SESSION_PARTS) {
      if (sessionOf(school, { date, part }, pupil.yearGroup) !== 'open') continue;
      const entry = entries.get(absenceKey(pupil.id, date, part));
      const base = {
        pupilId: pupil.id,
        pupilName: pupil.name,
        sortName: pupil.sortName,
        groupId: pupil.groupId,
        groupName: pupil.groupName,
        session: { date, part },
      };
      if (entry === undefined) {
        const closes = sessionTimesFor(school, group, part).registerCloses;
        if (now.getTime() < schoolInstant(date, closes, school.timeZone).getTime()) continue;
        found.push({ ...base, code: null, meaning: NO_MARK, reason: null, headEventId: null });
        continue;
      }
      if (codeGroupOf(entry.code, date) !== 'absent') continue;
      found.push({
        ...base,
        code: entry.code,
        meaning: lookupCode(entry.code, date)?.meaning ?? entry.code,
        reason: entry.reason,
        headEventId: entry.headEventId,
      });
    }
  }
  const contacts = await contactSummaries(
    db,
    schoolId,
    found.map((a) => ({ pupilId: a.pupilId, date, part: a.session.part })),
  );
  const absentees = found
    .map((a) => ({
      ...a,
      contact: contacts.get(absenceKey(a.pupilId, date, a.session.part)) ?? null,
    }))
    .sort(
      (a, b) =>
        compareText(a.groupName, b.groupName) ||
        compareText(a.sortName, b.sortName) ||
        a.session.part.localeCompare(b.session.part),
    );
  return { date, serverTime: now.toISOString(), absentees };
}

const METHOD_LABEL: Readonly<Record<ContactMethod, string>> = {
  called: 'Called',
  texted: 'Texted',
  emailed: 'Emailed',
  no_answer: 'No answer',
  home_visit: 'Home visit',
};

function ukDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The list as CSV with en-GB headings and dates (dd/MM/yyyy, times in the school's zone). Cells
 * that a spreadsheet would run as a formula are escaped.
 */
export function absenteesCsv(list: AbsenteesResponse, timeZone: string): string {
  const rows = list.absentees.map((a) => {
    const contactAt =
      a.contact === null ? null : toSchoolWallClock(Date.parse(a.contact.at), timeZone);
    return [
      ukDate(a.session.date),
      a.session.part,
      a.groupName,
      a.sortName,
      a.code ?? '',
      a.meaning,
      a.reason ?? '',
      a.contact === null
        ? 'Not yet contacted'
        : `${METHOD_LABEL[a.contact.method]}${a.contact.note === null ? '' : `: ${a.contact.note}`}`,
      a.contact?.by.name ?? '',
      contactAt === null ? '' : `${ukDate(contactAt.date)} ${formatWallTime(contactAt.minutes)}`,
    ];
  });
  return writeCsv(ABSENTEE_CSV_HEADINGS, rows);
}

export function absenteesFileName(date: string): string {
  return `absentees-${date}.csv`;
}
