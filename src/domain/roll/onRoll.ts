/**
 * The admission register's one rule for the attendance register: a pupil is on roll from their
 * admission date to their leaving date, both days included. A leaver is still on the register on
 * the day they leave (attendance is recorded up to the date the name is deleted) and disappears
 * from the next day; a pupil admitted on a day appears on that day's register and not before.
 */
import type { LocalDate } from '../time/localDate';

/**
 * A pupil's place in the admission register: admission date and leaving date (null: still on
 * roll), as `LocalDate`s or as the `yyyy-MM-dd` strings a roster document carries (the same text).
 */
export interface RollDates {
  readonly onRollFrom: LocalDate | string;
  readonly onRollTo: LocalDate | string | null;
}

/** Whether the pupil is on roll on `date` (inclusive at both ends). */
export function isOnRoll(pupil: RollDates, date: LocalDate): boolean {
  return pupil.onRollFrom <= date && (pupil.onRollTo === null || pupil.onRollTo >= date);
}
