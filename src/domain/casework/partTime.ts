/**
 * Part-time timetables (docs/design.md §8.10): a temporary, time-limited pattern of the sessions a
 * pupil attends each week, with a start, a review and an end, the agreement and the day the local
 * authority was told. Every open session it takes the pupil out of is entered as `C2` (leave for a
 * temporary part-time timetable) in advance, through the register's own events.
 */
import { z } from 'zod';
import { openSessionsBetween } from '../calendar/schoolCalendar';
import type { SchoolConfig, SessionPart, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { isoWeekday, maxDate, minDate } from '../time/localDate';

export const PART_TIME_CODE = 'C2';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const weeklySessionSchema = z.strictObject({
  weekday: z.enum(WEEKDAYS),
  part: z.enum(['AM', 'PM']),
});
export type WeeklySession = z.infer<typeof weeklySessionSchema>;

export interface PartTimePlan {
  /** The sessions the pupil attends each week; every other school session is off. */
  readonly attends: readonly WeeklySession[];
  readonly startsOn: LocalDate;
  readonly reviewOn: LocalDate;
  readonly endsOn: LocalDate;
}

/** What is wrong with a plan, in plain words (empty when nothing is). */
export function partTimeProblems(plan: PartTimePlan): string[] {
  const problems: string[] = [];
  if (plan.endsOn < plan.startsOn) problems.push('The timetable ends before it starts.');
  if (plan.reviewOn < plan.startsOn || plan.reviewOn > plan.endsOn) {
    problems.push('The review must fall between the start and the end of the timetable.');
  }
  if (plan.attends.length >= WEEKDAYS.length * 2) {
    problems.push('The pattern has every session of the week: that is a full timetable.');
  }
  return problems;
}

function attendsOn(plan: Pick<PartTimePlan, 'attends'>, date: LocalDate, part: SessionPart) {
  const weekday = WEEKDAYS[isoWeekday(date) - 1];
  return plan.attends.some((s) => s.weekday === weekday && s.part === part);
}

/**
 * The open sessions the plan takes the pupil out of, from `from` to `to` within the plan's dates
 * (both included), in order. Closures for the pupil's year group are not sessions at all.
 */
export function offSessions(
  school: SchoolConfig,
  plan: PartTimePlan,
  range: { readonly from?: LocalDate; readonly to?: LocalDate } = {},
  yearGroup?: YearGroup,
): { date: LocalDate; part: SessionPart }[] {
  const from = range.from === undefined ? plan.startsOn : maxDate(range.from, plan.startsOn);
  const to = range.to === undefined ? plan.endsOn : minDate(range.to, plan.endsOn);
  if (to < from) return [];
  return openSessionsBetween(school, from, to, yearGroup)
    .filter((s) => !attendsOn(plan, s.date, s.part))
    .map((s) => ({ date: s.date, part: s.part }));
}

/** Whether the plan's review is due on `today`: on or after its review day, while it runs. */
export function partTimeReviewDue(
  plan: Pick<PartTimePlan, 'reviewOn' | 'endsOn'>,
  today: LocalDate,
): boolean {
  return today >= plan.reviewOn && today <= plan.endsOn;
}
