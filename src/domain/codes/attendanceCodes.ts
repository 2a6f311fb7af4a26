/**
 * The national attendance codes (docs/design.md §8.1). Every mark is one of these strings; a code
 * can be one or two characters or punctuation (`C1`, `Y7`, `#`, `\`), so codes are never chars.
 *
 * Two code sets exist. The 2024 set applies to sessions on or after 19 August 2024 (SI 2024/208).
 * Marks for earlier sessions use the 2006 set and keep the category they had then: legacy `J`
 * counted as attendance, `J1` is an absence, so remapping old marks would change old statistics.
 */
import type { LocalDate } from '../time/localDate';

/** The statistical category of a mark (docs/design.md §8.1, with the COVID-era `X`). */
export type CodeCategory =
  | 'PRESENT'
  | 'AEA'
  | 'AUTH'
  | 'UNAUTH'
  | 'NOT_POSSIBLE'
  /** Legacy COVID `X` (2020/21–2021/22): not an absence, but a possible session. */
  | 'NOT_ABSENT_BUT_POSSIBLE';

export type CodeSet = '2024' | '2006';

export interface AttendanceCode {
  readonly code: string;
  readonly meaning: string;
  readonly category: CodeCategory;
  /** Whether the session counts in the possible-sessions denominator. */
  readonly possible: boolean;
  /** Counts as a firm session toward the penalty-notice threshold (docs/design.md §8.6). */
  readonly penaltyNotice: boolean;
  readonly codeSet: CodeSet;
}

/** The first day of the 2024 code set. Sessions before it use the 2006 codes. */
export const CODES_2024_FROM = '2024-08-19' as LocalDate;

type Row = readonly [code: string, category: CodeCategory, penaltyNotice: boolean, meaning: string];

const rows2024: readonly Row[] = [
  ['/', 'PRESENT', false, 'Present at the morning register'],
  ['\\', 'PRESENT', false, 'Present at the afternoon register'],
  ['L', 'PRESENT', false, 'Late: arrived after the register began but before it closed'],
  ['K', 'AEA', false, 'Attending education provision arranged by the local authority'],
  ['V', 'AEA', false, 'Educational visit or trip'],
  ['P', 'AEA', false, 'Approved sporting activity'],
  ['W', 'AEA', false, 'Work experience'],
  ['B', 'AEA', false, 'Other approved supervised educational activity off site'],
  ['D', 'NOT_POSSIBLE', false, 'Dual registered: attending another school'],
  ['C1', 'AUTH', false, 'Leave for a regulated performance or employment abroad'],
  ['M', 'AUTH', false, 'Leave for a medical or dental appointment'],
  ['J1', 'AUTH', false, 'Leave for an interview'],
  ['S', 'AUTH', false, 'Leave to study for a public examination'],
  ['X', 'NOT_POSSIBLE', false, 'Non-compulsory school age, not required to attend'],
  ['C2', 'AUTH', false, 'Leave for a temporary part-time timetable'],
  ['C', 'AUTH', false, 'Leave for exceptional circumstances'],
  ['E', 'AUTH', false, 'Suspended or permanently excluded, no alternative provision'],
  ['T', 'AUTH', false, 'Parent travelling for occupational purposes'],
  ['R', 'AUTH', false, 'Religious observance'],
  ['I', 'AUTH', false, 'Illness'],
  ['Q', 'NOT_POSSIBLE', false, 'Unable to attend: lack of access arrangements'],
  ['Y1', 'NOT_POSSIBLE', false, 'Unable to attend: transport not available'],
  ['Y2', 'NOT_POSSIBLE', false, 'Unable to attend: widespread disruption to travel'],
  ['Y3', 'NOT_POSSIBLE', false, 'Unable to attend: part of the premises out of use'],
  ['Y4', 'NOT_POSSIBLE', false, 'Unable to attend: whole school site unexpectedly closed'],
  ['Y5', 'NOT_POSSIBLE', false, 'Unable to attend: criminal justice detention'],
  ['Y6', 'NOT_POSSIBLE', false, 'Unable to attend: public-health guidance or law'],
  ['Y7', 'NOT_POSSIBLE', false, 'Unable to attend: any other unavoidable cause'],
  ['G', 'UNAUTH', true, 'Holiday not agreed, or longer than agreed'],
  ['N', 'UNAUTH', false, 'Reason not yet established'],
  ['O', 'UNAUTH', true, 'Absent in other or unknown circumstances'],
  ['U', 'UNAUTH', true, 'Arrived after the register closed'],
  ['Z', 'NOT_POSSIBLE', false, 'Prospective pupil not yet on the admission register'],
  ['#', 'NOT_POSSIBLE', false, 'Planned whole or partial school closure'],
];

// docs/design.md §8.1: the 2006 set as it stood, each with its own category. `Q`, `K`, `C1`, `C2`,
// `J1` and `Y1`–`Y7` did not exist; `X-COVID` is how COVID-era `X` marks are stored on import.
const rows2006: readonly Row[] = [
  ['/', 'PRESENT', false, 'Present (AM)'],
  ['\\', 'PRESENT', false, 'Present (PM)'],
  ['L', 'PRESENT', false, 'Late before registers closed'],
  ['B', 'AEA', false, 'Educated off site (not dual registration)'],
  ['C', 'AUTH', false, 'Other authorised circumstances'],
  ['D', 'NOT_POSSIBLE', false, 'Dual registration'],
  ['E', 'AUTH', false, 'Excluded, no alternative provision'],
  ['F', 'AUTH', false, 'Agreed extended family holiday'],
  ['G', 'UNAUTH', true, 'Family holiday not agreed or days in excess'],
  ['H', 'AUTH', false, 'Agreed family holiday'],
  ['I', 'AUTH', false, 'Illness'],
  ['J', 'AEA', false, 'At interview'],
  ['M', 'AUTH', false, 'Medical or dental appointment'],
  ['N', 'UNAUTH', false, 'No reason yet provided'],
  ['O', 'UNAUTH', true, 'Unauthorised absence not covered by any other code'],
  ['P', 'AEA', false, 'Approved sporting activity'],
  ['R', 'AUTH', false, 'Religious observance'],
  ['S', 'AUTH', false, 'Study leave'],
  ['T', 'AUTH', false, 'Traveller absence'],
  ['U', 'UNAUTH', true, 'Late after registers closed'],
  ['V', 'AEA', false, 'Educational visit or trip'],
  ['W', 'AEA', false, 'Work experience'],
  ['X', 'NOT_POSSIBLE', false, 'Non-compulsory school age absence'],
  [
    'X-COVID',
    'NOT_ABSENT_BUT_POSSIBLE',
    false,
    'Not attending in circumstances related to COVID-19',
  ],
  ['Y', 'NOT_POSSIBLE', false, 'Unable to attend due to exceptional circumstances'],
  ['Z', 'NOT_POSSIBLE', false, 'Pupil not on admission register'],
  ['#', 'NOT_POSSIBLE', false, 'Planned whole or partial school closure'],
];

const POSSIBLE: ReadonlySet<CodeCategory> = new Set([
  'PRESENT',
  'AEA',
  'AUTH',
  'UNAUTH',
  'NOT_ABSENT_BUT_POSSIBLE',
]);

function toCode(codeSet: CodeSet, [code, category, penaltyNotice, meaning]: Row): AttendanceCode {
  return Object.freeze({
    code,
    meaning,
    category,
    possible: POSSIBLE.has(category),
    penaltyNotice,
    codeSet,
  });
}

/** The 2024 national code table, in the order of the national table. */
export const CODES_2024: readonly AttendanceCode[] = Object.freeze(
  rows2024.map((r) => toCode('2024', r)),
);
/** The 2006 code table, for history before 19 August 2024. */
export const CODES_2006: readonly AttendanceCode[] = Object.freeze(
  rows2006.map((r) => toCode('2006', r)),
);

const byCode2024 = new Map(CODES_2024.map((c) => [c.code, c]));
const byCode2006 = new Map(CODES_2006.map((c) => [c.code, c]));

/** Which code set applies to a session on `date`. */
export function codeSetFor(date: LocalDate): CodeSet {
  return date < CODES_2024_FROM ? '2006' : '2024';
}

/** The code as it applies to a session on `date`, or null when the code did not exist then. */
export function lookupCode(code: string, date: LocalDate): AttendanceCode | null {
  const table = codeSetFor(date) === '2024' ? byCode2024 : byCode2006;
  return table.get(code) ?? null;
}

/** The 2024 code, or null: for screens and configuration, which only ever deal with new sessions. */
export function lookupCode2024(code: string): AttendanceCode | null {
  return byCode2024.get(code) ?? null;
}

/** Every code string of the 2024 set. */
export const CODE_STRINGS_2024: readonly string[] = Object.freeze(CODES_2024.map((c) => c.code));

/** Present at registration for the session: `/` in the morning, `\` in the afternoon. */
export function presentCode(part: 'AM' | 'PM'): '/' | '\\' {
  return part === 'AM' ? '/' : '\\';
}
