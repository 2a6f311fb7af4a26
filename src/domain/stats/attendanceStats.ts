/**
 * Attendance statistics as DfE calculates them (docs/design.md §8.5). Rates are computed from
 * counts, and counts are what aggregate: a class or a school is the sum of its pupils' numerators
 * over the sum of their denominators, never an average of percentages.
 */
import type { StatEntry, DateRange } from './statEntry';
import { codeOfEntry, inDateRange } from './statEntry';

/** The counts behind every rate. All are numbers of sessions, except the minutes. */
export interface AttendanceCounts {
  /** PRESENT + AEA + AUTH + UNAUTH (+ legacy COVID `X`): the denominator of every rate. */
  readonly possible: number;
  readonly present: number;
  /** Approved educational activity (`K V P W B`, legacy `J`): counts as attendance. */
  readonly aea: number;
  /** present + aea. */
  readonly attended: number;
  readonly authorised: number;
  readonly unauthorised: number;
  /** Legacy COVID `X` (2020/21–2021/22): a possible session that is neither attendance nor absence. */
  readonly notAbsentButPossible: number;
  /** authorised + unauthorised. */
  readonly overallAbsence: number;
  /** `L` sessions: late, arrived before the register closed (present). */
  readonly lateBeforeClose: number;
  /** `U` sessions: arrived after the register closed (unauthorised absence). */
  readonly lateAfterClose: number;
  readonly minutesLateBeforeClose: number;
  readonly minutesLateAfterClose: number;
  /** Sessions per code, including codes that are not possible sessions (`#`, `D`, `Y1`…). */
  readonly byCode: Readonly<Record<string, number>>;
}

/** Counts and their rates. A rate is null when there is no possible session (show "n/a"). */
export interface AttendanceStats extends AttendanceCounts {
  readonly attendancePercent: number | null;
  readonly authorisedPercent: number | null;
  readonly unauthorisedPercent: number | null;
  /**
   * `100 − attendancePercent`, except for years with COVID `X` sessions, which are in neither
   * (docs/design.md §8.1), so the two rates then add up to less than 100.
   */
  readonly overallAbsencePercent: number | null;
}

interface Tally {
  possible: number;
  present: number;
  aea: number;
  authorised: number;
  unauthorised: number;
  notAbsentButPossible: number;
  lateBeforeClose: number;
  lateAfterClose: number;
  minutesLateBeforeClose: number;
  minutesLateAfterClose: number;
  byCode: Record<string, number>;
}

const emptyTally = (): Tally => ({
  possible: 0,
  present: 0,
  aea: 0,
  authorised: 0,
  unauthorised: 0,
  notAbsentButPossible: 0,
  lateBeforeClose: 0,
  lateAfterClose: 0,
  minutesLateBeforeClose: 0,
  minutesLateAfterClose: 0,
  byCode: {},
});

function addEntry(tally: Tally, entry: StatEntry): void {
  const code = codeOfEntry(entry);
  tally.byCode[entry.code] = (tally.byCode[entry.code] ?? 0) + 1;
  if (code.possible) tally.possible += 1;
  switch (code.category) {
    case 'PRESENT':
      tally.present += 1;
      break;
    case 'AEA':
      tally.aea += 1;
      break;
    case 'AUTH':
      tally.authorised += 1;
      break;
    case 'UNAUTH':
      tally.unauthorised += 1;
      break;
    case 'NOT_ABSENT_BUT_POSSIBLE':
      tally.notAbsentButPossible += 1;
      break;
    case 'NOT_POSSIBLE':
      break;
  }
  // `L` and `U` mean the same in both code sets.
  if (entry.code === 'L') {
    tally.lateBeforeClose += 1;
    tally.minutesLateBeforeClose += entry.minutesLate ?? 0;
  } else if (entry.code === 'U') {
    tally.lateAfterClose += 1;
    tally.minutesLateAfterClose += entry.minutesLate ?? 0;
  }
}

const percentOf = (part: number, possible: number): number | null =>
  possible === 0 ? null : (100 * part) / possible;

function finish(tally: Tally): AttendanceStats {
  const attended = tally.present + tally.aea;
  const overallAbsence = tally.authorised + tally.unauthorised;
  return {
    ...tally,
    byCode: { ...tally.byCode },
    attended,
    overallAbsence,
    attendancePercent: percentOf(attended, tally.possible),
    authorisedPercent: percentOf(tally.authorised, tally.possible),
    unauthorisedPercent: percentOf(tally.unauthorised, tally.possible),
    overallAbsencePercent: percentOf(overallAbsence, tally.possible),
  };
}

/** Statistics over `entries`, only those dated inside `range` (both ends included) when given. */
export function computeStats(entries: Iterable<StatEntry>, range?: DateRange): AttendanceStats {
  const tally = emptyTally();
  for (const entry of entries) if (inDateRange(entry.date, range)) addEntry(tally, entry);
  return finish(tally);
}

/** Statistics of a whole group from its parts' counts: sums of numerators over sums of denominators. */
export function aggregateStats(parts: Iterable<AttendanceCounts>): AttendanceStats {
  const total = emptyTally();
  for (const part of parts) {
    total.possible += part.possible;
    total.present += part.present;
    total.aea += part.aea;
    total.authorised += part.authorised;
    total.unauthorised += part.unauthorised;
    total.notAbsentButPossible += part.notAbsentButPossible;
    total.lateBeforeClose += part.lateBeforeClose;
    total.lateAfterClose += part.lateAfterClose;
    total.minutesLateBeforeClose += part.minutesLateBeforeClose;
    total.minutesLateAfterClose += part.minutesLateAfterClose;
    for (const [code, count] of Object.entries(part.byCode)) {
      total.byCode[code] = (total.byCode[code] ?? 0) + count;
    }
  }
  return finish(total);
}

/** Statistics for each pupil who has an entry (in `range`, when given). */
export function statsByPupil(
  entries: Iterable<StatEntry>,
  range?: DateRange,
): Map<string, AttendanceStats> {
  const byPupil = new Map<string, StatEntry[]>();
  for (const entry of entries) {
    if (!inDateRange(entry.date, range)) continue;
    const list = byPupil.get(entry.pupilId);
    if (list === undefined) byPupil.set(entry.pupilId, [entry]);
    else list.push(entry);
  }
  return new Map([...byPupil].map(([pupilId, list]) => [pupilId, computeStats(list)]));
}
