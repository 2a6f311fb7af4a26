/**
 * The attendance part of a Common Transfer File, as far as docs/design.md §8.8 confirms it: one
 * `YearData` per pupil and academic year with `Year`, `LEA`, `Estab`, `SchoolName` and the four
 * session counts. Its element names come from a real MIS's CTF builder, not from the DfE text,
 * which could not be read. `AttendSessions`/`AttendanceMarks` (the session-by-session string) is
 * left out: how 2024's two-character codes go into that fixed-width string is unconfirmed, and a
 * wrong string in a statutory transfer is worse than none. The counts are the domain's
 * statistics (computeStats), so they match every report.
 */
import { computeStats, type LocalDate, type StatEntry } from '../../domain/index';
import type { ExportedEntry } from './marksExport';

export interface CtfPupil {
  readonly id: string;
  readonly upn: string | null;
  readonly surname: string;
  readonly forename: string;
  readonly dateOfBirth: string;
}

export interface CtfSchool {
  readonly name: string;
  /** DfE number `LEA/Estab` as `nnnnnnn` or `nnn/nnnn`; both parts empty when unknown. */
  readonly dfeNumber: string | null;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The academic year a day belongs to, as its starting calendar year (Sept–Aug). */
export function academicYearStart(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? year : year - 1;
}

function splitDfe(dfe: string | null): { lea: string; estab: string } {
  const digits = (dfe ?? '').replace(/\D/g, '');
  return digits.length === 7 ? { lea: digits.slice(0, 3), estab: digits.slice(3) } : { lea: '', estab: '' };
}

export function ctfAttendanceXml(
  school: CtfSchool,
  pupils: readonly CtfPupil[],
  entries: readonly ExportedEntry[],
): string {
  const { lea, estab } = splitDfe(school.dfeNumber);
  const byPupilYear = new Map<string, StatEntry[]>();
  for (const e of entries) {
    const key = `${e.pupilId}|${academicYearStart(e.date)}`;
    const stat: StatEntry = { pupilId: e.pupilId, date: e.date as LocalDate, part: e.part, code: e.code, minutesLate: e.minutesLate };
    const list = byPupilYear.get(key);
    if (list === undefined) byPupilYear.set(key, [stat]);
    else list.push(stat);
  }
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<CTFpupilData>'];
  for (const pupil of pupils) {
    const years = [...byPupilYear.keys()]
      .filter((k) => k.startsWith(`${pupil.id}|`))
      .map((k) => Number(k.split('|')[1]))
      .sort((a, b) => a - b);
    if (years.length === 0) continue;
    lines.push('  <Pupil>');
    lines.push(`    <UPN>${escapeXml(pupil.upn ?? '')}</UPN>`);
    lines.push(`    <Surname>${escapeXml(pupil.surname)}</Surname>`);
    lines.push(`    <Forename>${escapeXml(pupil.forename)}</Forename>`);
    lines.push(`    <DOB>${pupil.dateOfBirth}</DOB>`);
    lines.push('    <Attendance>');
    for (const year of years) {
      const stats = computeStats(byPupilYear.get(`${pupil.id}|${year}`) ?? []);
      lines.push('      <YearData>');
      lines.push(`        <Year>${year}</Year>`);
      lines.push(`        <LEA>${lea}</LEA>`);
      lines.push(`        <Estab>${estab}</Estab>`);
      lines.push(`        <SchoolName>${escapeXml(school.name)}</SchoolName>`);
      lines.push(`        <SessionsPossible>${stats.possible}</SessionsPossible>`);
      lines.push(`        <SessionsAuthorised>${stats.authorised}</SessionsAuthorised>`);
      lines.push(`        <SessionsAttended>${stats.attended}</SessionsAttended>`);
      lines.push(`        <SessionsUnauthorised>${stats.unauthorised}</SessionsUnauthorised>`);
      lines.push('      </YearData>');
    }
    lines.push('    </Attendance>');
    lines.push('  </Pupil>');
  }
  lines.push('</CTFpupilData>');
  return `${lines.join('\n')}\n`;
}
