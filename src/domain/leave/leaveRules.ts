/**
 * A school's rules for leave of absence in term time, and which of them a request breaks. Every
 * rule is the school's configuration (defaults below, changed in the leave settings): the notice a
 * parent must give, the first school days of the autumn term, test weeks and other dates when
 * leave is refused, and the attendance below which it is. Breaking a rule never decides a request
 * by itself: the person the school names still grants or refuses it, with a reason.
 */
import type { SchoolConfig, SessionRef, YearGroup } from '../config/schoolConfig';
import { openSessionsBetween } from '../calendar/schoolCalendar';
import { addSchoolDays } from '../calendar/schoolDays';
import { longDate } from '../time/longDate';
import type { LocalDate } from '../time/localDate';

/** Who decides leave requests at a school. */
export type LeaveDecider = 'attendance_lead' | 'admin';
export const LEAVE_DECIDERS: readonly LeaveDecider[] = ['attendance_lead', 'admin'];

/** Dates when leave is refused (test weeks, a school's own events), both days included. */
export interface LeaveBlackout {
  readonly name: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export interface LeaveRules {
  readonly decidedBy: LeaveDecider;
  /** The first day of leave must be at least this many school days after the request (0: any). */
  readonly noticeSchoolDays: number;
  /** Leave touching the first this-many school days of the autumn term is refused (0: no rule). */
  readonly autumnStartSchoolDays: number;
  readonly blackouts: readonly LeaveBlackout[];
  /** Leave is refused when attendance this school year is below this percentage (null: no rule). */
  readonly minAttendancePercent: number | null;
}

/** The defaults: a common policy's notice period and refusal rules (two weeks each; 90 %). */
export const DEFAULT_LEAVE_RULES: LeaveRules = {
  decidedBy: 'attendance_lead',
  noticeSchoolDays: 10,
  autumnStartSchoolDays: 10,
  blackouts: [],
  minAttendancePercent: 90,
};

export type LeaveRuleId = 'notice' | 'autumn_start' | 'blackout' | 'attendance';

export interface BrokenLeaveRule {
  readonly rule: LeaveRuleId;
  /** What was broken, in plain words, for the person deciding. */
  readonly message: string;
}

export interface LeaveFacts {
  /** The day the parent sent the request. */
  readonly requestedOn: LocalDate;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** Sessions attended and possible this school year until the request, or null when unknown. */
  readonly attendance: { readonly attended: number; readonly possible: number } | null;
}

/** An autumn term starts in August or September. */
const isAutumnTerm = (start: LocalDate): boolean => /^\d{4}-0[89]-/.test(start);

/** The rules of `rules` that a request with `facts` breaks, in the order above. */
export function brokenLeaveRules(
  school: SchoolConfig,
  rules: LeaveRules,
  facts: LeaveFacts,
): BrokenLeaveRule[] {
  const broken: BrokenLeaveRule[] = [];
  if (rules.noticeSchoolDays > 0) {
    const earliest = addSchoolDays(school, facts.requestedOn, rules.noticeSchoolDays).date;
    if (facts.from < earliest) {
      broken.push({
        rule: 'notice',
        message: `Requested on ${longDate(facts.requestedOn)}, less than ${rules.noticeSchoolDays} school days before the leave (the earliest first day with that notice is ${longDate(earliest)}).`,
      });
    }
  }
  if (rules.autumnStartSchoolDays > 0) {
    for (const term of school.terms.filter((t) => isAutumnTerm(t.start))) {
      const last = addSchoolDays(school, term.start, rules.autumnStartSchoolDays - 1).date;
      if (facts.from <= last && facts.to >= term.start) {
        broken.push({
          rule: 'autumn_start',
          message: `Falls in the first ${rules.autumnStartSchoolDays} school days of the autumn term (${longDate(term.start)} to ${longDate(last)}).`,
        });
      }
    }
  }
  for (const blackout of rules.blackouts) {
    if (facts.from <= blackout.to && facts.to >= blackout.from) {
      broken.push({
        rule: 'blackout',
        message: `Falls in ${blackout.name} (${longDate(blackout.from)} to ${longDate(blackout.to)}), when leave is not granted.`,
      });
    }
  }
  const attendance = facts.attendance;
  if (rules.minAttendancePercent !== null && attendance !== null && attendance.possible > 0) {
    const percent = (100 * attendance.attended) / attendance.possible;
    if (percent < rules.minAttendancePercent) {
      broken.push({
        rule: 'attendance',
        message: `Attendance this school year is ${percent.toFixed(1)} % (${attendance.attended} of ${attendance.possible} sessions), below the ${rules.minAttendancePercent} % the school asks for.`,
      });
    }
  }
  return broken;
}

/**
 * The sessions a leave request covers where a mark is possible: from the first session to the
 * last, both included, school days only, less planned closures for the pupil's year group.
 */
export function leaveSessions(
  school: SchoolConfig,
  from: SessionRef,
  to: SessionRef,
  yearGroup?: YearGroup,
): SessionRef[] {
  return openSessionsBetween(school, from.date, to.date, yearGroup)
    .filter((s) => !(s.date === from.date && from.part === 'PM' && s.part === 'AM'))
    .filter((s) => !(s.date === to.date && to.part === 'AM' && s.part === 'PM'))
    .map((s) => ({ date: s.date, part: s.part }));
}
