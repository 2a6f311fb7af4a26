/**
 * The school census's attendance module for one pupil and the checks to run before it is sent
 * (docs/statutory.md, "Census"). The figures are the domain's own statistics (`computeStats`), so
 * they match the reports for the same pupils and days: sessions possible, authorised and
 * unauthorised absence, and the sessions of each absence reason.
 */
import { CODES_2024_FROM, lookupCode } from '../codes/attendanceCodes';
import { ageOn } from '../calendar/schoolAge';
import { computeStats } from '../stats/attendanceStats';
import { codeOfEntry, inDateRange, type StatEntry } from '../stats/statEntry';
import type { LocalDate } from '../time/localDate';
import type { CensusCollection, CensusPeriod } from './censusPeriods';
import { censusSpan } from './censusPeriods';

/** What the census needs to know about a pupil from the admission register. */
export interface CensusPupil {
  readonly id: string;
  readonly upn: string | null;
  readonly legalSurname: string;
  readonly legalForename: string;
  readonly dateOfBirth: LocalDate;
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
}

/** Sessions of one absence reason (a register code in the authorised or unauthorised category). */
export interface CensusReason {
  readonly code: string;
  readonly sessions: number;
}

/** One period's figures for one pupil. */
export interface CensusFigures {
  readonly part: CensusPeriod['part'];
  readonly possible: number;
  readonly authorised: number;
  readonly unauthorised: number;
  /** Absence reasons with at least one session, in code order. */
  readonly reasons: readonly CensusReason[];
  /** Sessions still marked `N` (no reason yet): unauthorised in the figures, a query below. */
  readonly noReasonYet: number;
}

/** Why a pupil on roll during the collected days is left out of the module. */
export type CensusExclusion = 'under-5' | 'over-15';

/** The figures of `entries` (one pupil's) dated inside `period`. */
export function censusFigures(entries: readonly StatEntry[], period: CensusPeriod): CensusFigures {
  const inside = entries.filter((e) => inDateRange(e.date, period));
  const stats = computeStats(inside);
  const reasons = new Map<string, number>();
  for (const entry of inside) {
    const category = codeOfEntry(entry).category;
    if (category === 'AUTH' || category === 'UNAUTH')
      reasons.set(entry.code, (reasons.get(entry.code) ?? 0) + 1);
  }
  return {
    part: period.part,
    possible: stats.possible,
    authorised: stats.authorised,
    unauthorised: stats.unauthorised,
    reasons: [...reasons]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, sessions]) => ({ code, sessions })),
    noReasonYet: stats.byCode.N ?? 0,
  };
}

/** Whether the pupil was on roll on any day of the census's collected span. */
export function onRollDuring(pupil: CensusPupil, collection: CensusCollection): boolean {
  const span = censusSpan(collection);
  return pupil.onRollFrom <= span.to && (pupil.onRollTo === null || pupil.onRollTo >= span.from);
}

/**
 * Null when the census collects the pupil's attendance; otherwise why not: attendance is
 * returned for pupils aged 5 to 15 on the census's age date only.
 */
export function censusExclusionOf(
  pupil: Pick<CensusPupil, 'dateOfBirth'>,
  collection: CensusCollection,
): CensusExclusion | null {
  const age = ageOn(pupil.dateOfBirth, collection.ageDate);
  if (age < 5) return 'under-5';
  if (age > 15) return 'over-15';
  return null;
}

export interface CensusPupilModule {
  readonly pupil: CensusPupil;
  /** On roll on the census day (the census's "pupils on roll"), or a leaver since. */
  readonly onRollOnCensusDay: boolean;
  readonly periods: readonly CensusFigures[];
}

export type CensusSeverity = 'error' | 'query';

/**
 * One finding of the pre-submission check. `rule` is Tickmark's own number for the check; `dfeRule`
 * is the DfE validation rule it mirrors where that number is known (docs/statutory.md).
 */
export interface CensusIssue {
  readonly rule: string;
  readonly dfeRule: string | null;
  readonly severity: CensusSeverity;
  readonly pupilId: string | null;
  readonly message: string;
}

export interface CensusModule {
  readonly collection: CensusCollection;
  readonly pupils: readonly CensusPupilModule[];
  readonly excluded: readonly { readonly pupil: CensusPupil; readonly reason: CensusExclusion }[];
  readonly issues: readonly CensusIssue[];
}

export interface CensusInput {
  readonly collection: CensusCollection;
  readonly pupils: readonly CensusPupil[];
  readonly entriesByPupil: ReadonlyMap<string, readonly StatEntry[]>;
  /** Open sessions the school held in each period (AM and PM of each school day not closed). */
  readonly openSessions: readonly number[];
}

const UPN_PATTERN = /^[A-Z][0-9]{11}[0-9A-Z]$/;

const nameOf = (p: CensusPupil): string => `${p.legalForename} ${p.legalSurname}`;

/** Builds the module for every pupil on roll during the collected days, with its checks. */
export function buildCensusModule(input: CensusInput): CensusModule {
  const { collection } = input;
  const { censusDay } = collection;
  const pupils: CensusPupilModule[] = [];
  const excluded: { pupil: CensusPupil; reason: CensusExclusion }[] = [];
  const issues: CensusIssue[] = [];
  const sorted = [...input.pupils].sort(
    (a, b) =>
      a.legalSurname.localeCompare(b.legalSurname, 'en-GB') ||
      a.legalForename.localeCompare(b.legalForename, 'en-GB') ||
      (a.id < b.id ? -1 : 1),
  );
  for (const pupil of sorted) {
    if (!onRollDuring(pupil, collection)) continue;
    const reason = censusExclusionOf(pupil, collection);
    if (reason !== null) {
      excluded.push({ pupil, reason });
      continue;
    }
    const entries = input.entriesByPupil.get(pupil.id) ?? [];
    const periods = collection.periods.map((period) => censusFigures(entries, period));
    pupils.push({
      pupil,
      onRollOnCensusDay:
        pupil.onRollFrom <= censusDay && (pupil.onRollTo === null || pupil.onRollTo >= censusDay),
      periods,
    });
    issues.push(...checkPupil(pupil, periods, collection, input.openSessions));
  }
  return { collection, pupils, excluded, issues };
}

/** The checks on one pupil's module (docs/statutory.md lists each with its reason). */
export function checkPupil(
  pupil: CensusPupil,
  periods: readonly CensusFigures[],
  collection: CensusCollection,
  openSessions: readonly number[],
): CensusIssue[] {
  const issues: CensusIssue[] = [];
  const who = nameOf(pupil);
  const add = (rule: string, dfeRule: string | null, severity: CensusSeverity, message: string) =>
    issues.push({ rule, dfeRule, severity, pupilId: pupil.id, message });

  if (pupil.upn === null || !UPN_PATTERN.test(pupil.upn))
    add(
      'TM-C1',
      null,
      'error',
      `${who} has ${pupil.upn === null ? 'no UPN' : `an invalid UPN (${pupil.upn})`}: the census identifies pupils by UPN. Correct it in the pupil import.`,
    );
  const label = (f: CensusFigures) =>
    f.part === 'termly' ? 'the term' : 'the second half of the summer term';
  periods.forEach((f, i) => {
    const period = collection.periods[i];
    const absence = f.authorised + f.unauthorised;
    if (f.possible < absence)
      add(
        'TM-C2',
        null,
        'error',
        `${who}: ${absence} sessions of absence but only ${f.possible} possible in ${label(f)}. Sessions possible must be at least the absence.`,
      );
    const reasonTotal = f.reasons.reduce((sum, r) => sum + r.sessions, 0);
    if (reasonTotal !== absence)
      add(
        'TM-C3',
        null,
        'error',
        `${who}: the absence reasons add up to ${reasonTotal} sessions, not the ${absence} of absence in ${label(f)}.`,
      );
    for (const r of f.reasons) {
      const code = period === undefined ? null : lookupCode(r.code, period.to);
      const valid =
        code !== null &&
        (code.category === 'AUTH' || code.category === 'UNAUTH') &&
        (period === undefined || period.from < CODES_2024_FROM || code.codeSet === '2024');
      if (!valid)
        add(
          'TM-C4',
          null,
          'error',
          `${who}: "${r.code}" is not an absence reason of the census for ${label(f)}. Amend the marks to a current code.`,
        );
      if (r.sessions <= 0)
        add('TM-C4', null, 'error', `${who}: reason "${r.code}" has no sessions; leave it out.`);
    }
    const open = openSessions[i];
    if (open !== undefined && f.possible > open)
      add(
        'TM-C5',
        null,
        'error',
        `${who}: ${f.possible} sessions possible in ${label(f)}, more than the ${open} sessions the school was open.`,
      );
    if (f.noReasonYet > 0)
      add(
        'TM-C6',
        null,
        'query',
        `${who}: ${f.noReasonYet} session${f.noReasonYet === 1 ? '' : 's'} still marked N (no reason yet) in ${label(f)}. The census counts them as unauthorised; record the reason first if you know it.`,
      );
  });
  if (periods.every((f) => f.possible === 0))
    add(
      'TM-C7',
      null,
      'query',
      `${who} was on roll during the collected days but has no possible session: check the admission and leaving dates and the marks.`,
    );
  return issues;
}

/** The plain-English words for an exclusion. */
export function censusExclusionText(reason: CensusExclusion): string {
  return reason === 'under-5'
    ? 'Under 5 on the age date: the census does not collect their attendance'
    : 'Over 15 on the age date: the census does not collect their attendance';
}
