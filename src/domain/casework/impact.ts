/**
 * Did it work? (docs/design.md §8.10). A pupil's attendance in the school weeks before an action
 * against the same number of school weeks after it, and, for the school, how many pupils moved
 * out of persistent absence after each kind of action.
 *
 * The week the action was done is in neither window: it holds days from before and after, and
 * a meeting on a Wednesday says nothing about that Monday. "Before" is the `weeks` whole school
 * weeks before that week; "after" the `weeks` whole school weeks after it, so far. A school week
 * is the pupil's (`pupilSchoolWeeks`): one of the calendar's for their year group, or a week in
 * which they have a possible session. Rates are the domain's statistics over the windows' days;
 * persistence is `absenceStatus`, the same rule as the persistent-absence list.
 */
import type { StatisticsCohort } from '../calendar/schoolAge';
import type { SchoolConfig, Thresholds, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { addDays, minDate, mondayOf } from '../time/localDate';
import { computeStats } from '../stats/attendanceStats';
import { pupilSchoolWeeks } from '../stats/schoolWeekWindows';
import type { DateRange, StatEntry } from '../stats/statEntry';
import { codeOfEntry } from '../stats/statEntry';
import { absenceStatus } from '../stats/thresholds';
import type { CaseActionKind } from './caseActions';
import { CASE_ACTION_KINDS } from './caseActions';

/** How many school weeks each side of an action, unless the lead picks another number. */
export const DEFAULT_IMPACT_WEEKS = 6;
export const MAX_IMPACT_WEEKS = 26;

/** The figures of one window: possible sessions are always given beside the rate. */
export interface ImpactWindow {
  /** The days counted (the first Monday to the last day so far), or null with no school week. */
  readonly range: DateRange | null;
  readonly schoolWeeks: number;
  readonly possible: number;
  readonly attended: number;
  readonly overallAbsence: number;
  /** Null without a possible session: there is no rate. */
  readonly attendancePercent: number | null;
  readonly persistent: boolean;
}

export type ImpactChange = 'better' | 'worse' | 'same' | 'unknown';

export interface ActionImpact {
  readonly doneOn: LocalDate;
  readonly weeks: number;
  readonly before: ImpactWindow;
  readonly after: ImpactWindow;
  /** Whether all `weeks` school weeks after the action have passed by the day asked about. */
  readonly complete: boolean;
  /** Attendance after against before, compared exactly; `unknown` when either has no rate. */
  readonly change: ImpactChange;
  /** After minus before, in percentage points; null when either has no rate. */
  readonly changePoints: number | null;
}

export interface ImpactOptions {
  readonly doneOn: LocalDate;
  readonly weeks: number;
  /** The day asked about (today): nothing after it is counted, even a code entered in advance. */
  readonly asOf: LocalDate;
  readonly yearGroup?: YearGroup | undefined;
}

function checkWeeks(weeks: number): void {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_IMPACT_WEEKS) {
    throw new RangeError(
      `weeks must be a whole number from 1 to ${MAX_IMPACT_WEEKS}, not ${weeks}`,
    );
  }
}

function windowOf(
  entries: readonly StatEntry[],
  weekMondays: readonly LocalDate[],
  lastDay: LocalDate,
  thresholds: Thresholds,
): ImpactWindow {
  const first = weekMondays[0];
  const last = weekMondays[weekMondays.length - 1];
  if (first === undefined || last === undefined) {
    return {
      range: null,
      schoolWeeks: 0,
      possible: 0,
      attended: 0,
      overallAbsence: 0,
      attendancePercent: null,
      persistent: false,
    };
  }
  const range = { from: first, to: minDate(addDays(last, 6), lastDay) };
  const stats = computeStats(entries, range);
  return {
    range,
    schoolWeeks: weekMondays.length,
    possible: stats.possible,
    attended: stats.attended,
    overallAbsence: stats.overallAbsence,
    attendancePercent: stats.attendancePercent,
    persistent: absenceStatus(stats, thresholds).persistent,
  };
}

/** `a` against `b` as attended/possible, exactly: positive when `a` is the higher rate. */
function compareRates(a: ImpactWindow, b: ImpactWindow): number {
  return a.attended * b.possible - b.attended * a.possible;
}

/** Attendance in the school weeks before and after one action done on `options.doneOn`. */
export function actionImpact(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  options: ImpactOptions,
): ActionImpact {
  const { doneOn, weeks, asOf } = options;
  checkWeeks(weeks);
  const known = entries.filter((e) => e.date <= asOf);
  const possibleDates = known.filter((e) => codeOfEntry(e).possible).map((e) => e.date);
  const allWeeks = pupilSchoolWeeks(school, possibleDates, options.yearGroup);
  const actionWeek = mondayOf(doneOn);
  const beforeWeeks = allWeeks.filter((w) => w < actionWeek).slice(-weeks);
  const afterWeeks = allWeeks.filter((w) => w > actionWeek && w <= asOf).slice(0, weeks);
  const before = windowOf(known, beforeWeeks, addDays(actionWeek, -1), school.thresholds);
  const after = windowOf(known, afterWeeks, asOf, school.thresholds);
  const lastAfter = afterWeeks[afterWeeks.length - 1];
  // A school week is over on its Friday: the register has no more sessions that week.
  const complete =
    afterWeeks.length === weeks && lastAfter !== undefined && addDays(lastAfter, 4) <= asOf;
  const measurable = before.possible > 0 && after.possible > 0;
  const order = measurable ? compareRates(after, before) : 0;
  return {
    doneOn,
    weeks,
    before,
    after,
    complete,
    change: !measurable ? 'unknown' : order > 0 ? 'better' : order < 0 ? 'worse' : 'same',
    changePoints:
      measurable && after.attendancePercent !== null && before.attendancePercent !== null
        ? after.attendancePercent - before.attendancePercent
        : null,
  };
}

/** One action done, measured: the input of the school's figures. */
export interface MeasuredAction {
  readonly pupilId: string;
  readonly kind: CaseActionKind;
  readonly impact: ActionImpact;
  /** The pupil's place in the statistics' cohort on the day the action was done. */
  readonly cohort: StatisticsCohort;
}

/** How the pupils persistently absent before one kind of action stood after it. */
export interface PersistenceOutcome {
  /** `any` counts each pupil once, from their first action of any kind. */
  readonly kind: CaseActionKind | 'any';
  /** Pupils with an action of this kind done in the period. */
  readonly pupils: number;
  /** Of those, persistently absent in the weeks before it. */
  readonly persistentBefore: number;
  /** Of those, no longer persistently absent in the weeks after it (all of them passed). */
  readonly movedOut: number;
  readonly stillPersistent: number;
  /** Persistent before, but the weeks after it have not all passed yet. */
  readonly tooSoon: number;
}

export interface PersistenceImpact {
  /** Pupils aged 5 to 15, as the DfE's persistent-absence figures count them. */
  readonly byKind: readonly PersistenceOutcome[];
  /** Nursery, other four-year-olds and pupils over 15: their own figures, never mixed in. */
  readonly outsideAgeRange: readonly PersistenceOutcome[];
}

function outcomeOf(kind: CaseActionKind | 'any', firsts: readonly MeasuredAction[]) {
  const before = firsts.filter((a) => a.impact.before.persistent);
  const measured = before.filter((a) => a.impact.complete);
  const movedOut = measured.filter(
    (a) => !a.impact.after.persistent && a.impact.after.possible > 0,
  );
  return {
    kind,
    pupils: firsts.length,
    persistentBefore: before.length,
    movedOut: movedOut.length,
    stillPersistent: measured.length - movedOut.length,
    tooSoon: before.length - measured.length,
  };
}

/** Each pupil's earliest action among `actions` (ties: the order given). */
function firstPerPupil(actions: readonly MeasuredAction[]): MeasuredAction[] {
  const first = new Map<string, MeasuredAction>();
  for (const a of actions) {
    const seen = first.get(a.pupilId);
    if (seen === undefined || a.impact.doneOn < seen.impact.doneOn) first.set(a.pupilId, a);
  }
  return [...first.values()];
}

function outcomes(actions: readonly MeasuredAction[]): PersistenceOutcome[] {
  const kinds = CASE_ACTION_KINDS.filter((k) => actions.some((a) => a.kind === k));
  return [
    ...kinds.map((kind) => outcomeOf(kind, firstPerPupil(actions.filter((a) => a.kind === kind)))),
    outcomeOf('any', firstPerPupil(actions)),
  ];
}

/**
 * How many pupils moved out of persistent absence after which kind of action. Each pupil counts
 * once per kind, measured from their first action of that kind among `actions` (the period's);
 * a pupil moved out when they were persistently absent in the weeks before it and are not in
 * the weeks after it, once those weeks have all passed.
 */
export function persistenceImpact(actions: readonly MeasuredAction[]): PersistenceImpact {
  return {
    byKind: outcomes(actions.filter((a) => a.cohort === 'aged-5-to-15')),
    outsideAgeRange: outcomes(actions.filter((a) => a.cohort !== 'aged-5-to-15')),
  };
}
