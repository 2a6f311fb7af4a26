/**
 * The input of every statistic and alert: a pupil's current entry for one session, as the register
 * holds it after all amendments. Entries reach the rules already validated, so a code unknown for
 * its date is a bug and throws.
 */
import type { AttendanceCode } from '../codes/attendanceCodes';
import { lookupCode } from '../codes/attendanceCodes';
import type { SessionPart } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';

export interface StatEntry {
  readonly pupilId: string;
  readonly date: LocalDate;
  readonly part: SessionPart;
  readonly code: string;
  /** Minutes after the session started, recorded with `L` and `U`. */
  readonly minutesLate?: number | null;
}

/** A range of days, both ends included. */
export interface DateRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export function inDateRange(date: LocalDate, range: DateRange | undefined): boolean {
  return range === undefined || (range.from <= date && date <= range.to);
}

/** The code of an entry as it applied on its date; throws for a code that did not exist then. */
export function codeOfEntry(entry: StatEntry): AttendanceCode {
  const code = lookupCode(entry.code, entry.date);
  if (code === null) {
    throw new Error(
      `Code "${entry.code}" is not a register code for ${entry.date}: entries must be validated first`,
    );
  }
  return code;
}

/** Date, then AM before PM, then pupil: the order the register reads in. */
export function compareStatEntries(a: StatEntry, b: StatEntry): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.part !== b.part) return a.part === 'AM' ? -1 : 1;
  return a.pupilId < b.pupilId ? -1 : a.pupilId > b.pupilId ? 1 : 0;
}
