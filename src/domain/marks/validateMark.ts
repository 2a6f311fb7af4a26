/**
 * The rules an event must pass before it is recorded at all (as opposed to decideEvent.ts, which
 * decides what a valid event does to the entry). The server runs them on every pushed event and
 * the tablet runs them before it writes to the outbox, so a teacher hears about a missing reason
 * while they can still type one, not after the event has been rejected hours later.
 *
 * Every problem is reported, not just the first, each with a code for programs and a plain en-GB
 * message for people.
 */
import { addDays } from '../time/localDate';
import { longDate } from '../time/longDate';
import type { AttendanceCode } from '../codes/attendanceCodes';
import { CODES_2024_FROM, lookupCode } from '../codes/attendanceCodes';
import { mayEnter } from '../codes/roleCodes';
import type { Role, SchoolConfig } from '../config/schoolConfig';
import type { Result } from '../result';
import { fail, ok } from '../result';
import type { EntryHead } from './decideEvent';
import type { MarkEvent } from './markEvent';

export type MarkRuleViolationCode =
  /** Not an attendance code in either code set. */
  | 'unknown_code'
  /** A 2006 code (H, F, J, Y, X-COVID) for a session from 19 August 2024. */
  | 'code_withdrawn'
  /** A 2024 code (K, C1, C2, J1, Q, Y1–Y7) for a session before 19 August 2024. */
  | 'code_not_yet_in_force'
  /** The school does not let this role enter this code. */
  | 'code_not_allowed_for_role'
  /** An amendment that needs a reason has none (or only spaces). */
  | 'reason_required'
  | 'reason_too_long'
  /** Minutes late given with a code other than L or U. */
  | 'minutes_late_not_allowed'
  /** Minutes late that are not a whole number of minutes, 0 or more. */
  | 'minutes_late_invalid';

export interface MarkRuleViolation {
  readonly code: MarkRuleViolationCode;
  /** The field of the event to fix. */
  readonly field: 'code' | 'minutesLate' | 'reason';
  readonly message: string;
}

export interface ValidateMarkInput {
  readonly event: MarkEvent;
  /** The entry's current head as the author's device knows it; null when there is no mark yet. */
  readonly head: EntryHead | null;
  readonly school: SchoolConfig;
  /** Whether the session's register has closed (a teacher may correct freely until then). */
  readonly registerClosed: boolean;
}

/** The longest reason accepted, in characters (the wire schema has the same limit). */
export const REASON_MAX_LENGTH = 500;

/** The only codes that carry minutes late: arrived before (`L`) or after (`U`) the register closed. */
const LATE_CODES: ReadonlySet<string> = new Set(['L', 'U']);

const LAST_2006_DAY = addDays(CODES_2024_FROM, -1);

// What to use instead, for a code that is valid in the other code set (docs/design.md §8.1).
const INSTEAD_OF_WITHDRAWN: Readonly<Record<string, string>> = {
  H: 'use C for leave in exceptional circumstances',
  F: 'use C for leave in exceptional circumstances',
  J: 'use J1 for leave for an interview',
  Y: 'use one of Y1 to Y7 for the reason the pupil could not attend',
  'X-COVID': "it is kept only for COVID-19 history; use the code for the pupil's circumstances",
};

const INSTEAD_OF_NEW: Readonly<Record<string, string>> = {
  K: 'use B for education off site',
  C1: 'use C for authorised leave',
  C2: 'use C for authorised leave',
  J1: 'use J for an interview',
  Q: 'there is no earlier equivalent, so use the 2006 code that fits',
  ...Object.fromEntries(
    ['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7'].map((y) => [y, 'use Y for unable to attend']),
  ),
};

const ROLE_LABEL: Readonly<Record<Role, string>> = {
  teacher: 'A teacher',
  office: 'Office staff',
  attendance_lead: 'The attendance lead',
  admin: 'An admin',
  governor: 'A governor',
};

function describeValue(code: string, minutesLate: number | null): string {
  if (minutesLate === null) return `'${code}'`;
  return `'${code}' (${minutesLate} minute${minutesLate === 1 ? '' : 's'} late)`;
}

/** The code as it applies to the session, or the violation that says why it cannot be used. */
function checkCode(event: MarkEvent): AttendanceCode | MarkRuleViolation {
  const { code, session } = event;
  const found = lookupCode(code, session.date);
  if (found !== null) return found;
  const from = longDate(CODES_2024_FROM);
  if (session.date >= CODES_2024_FROM && lookupCode(code, LAST_2006_DAY) !== null) {
    const instead = INSTEAD_OF_WITHDRAWN[code] ?? 'use a current code';
    return {
      code: 'code_withdrawn',
      field: 'code',
      message: `'${code}' was withdrawn on ${from}; ${instead}`,
    };
  }
  if (session.date < CODES_2024_FROM && lookupCode(code, CODES_2024_FROM) !== null) {
    const instead = INSTEAD_OF_NEW[code] ?? 'use the 2006 code that fits';
    return {
      code: 'code_not_yet_in_force',
      field: 'code',
      message: `'${code}' came into use on ${from}, after this session (${longDate(session.date)}); ${instead}`,
    };
  }
  return {
    code: 'unknown_code',
    field: 'code',
    message: `'${code}' is not an attendance code`,
  };
}

function checkMinutesLate(event: MarkEvent, isCodeKnown: boolean): MarkRuleViolation | null {
  const { minutesLate, code } = event;
  if (minutesLate === null) return null;
  if (!Number.isInteger(minutesLate) || minutesLate < 0) {
    return {
      code: 'minutes_late_invalid',
      field: 'minutesLate',
      message: `Minutes late must be a whole number, 0 or more (got ${minutesLate})`,
    };
  }
  // With an unknown code the code is what needs fixing; do not pile a second problem on it.
  if (isCodeKnown && !LATE_CODES.has(code)) {
    return {
      code: 'minutes_late_not_allowed',
      field: 'minutesLate',
      message: `Minutes late can only be recorded with L or U, not with '${code}'`,
    };
  }
  return null;
}

function checkReason(input: ValidateMarkInput): MarkRuleViolation | null {
  const { event, head, registerClosed } = input;
  if (event.reason !== null && event.reason.length > REASON_MAX_LENGTH) {
    return {
      code: 'reason_too_long',
      field: 'reason',
      message: `The reason is ${event.reason.length} characters long; keep it to ${REASON_MAX_LENGTH} or fewer`,
    };
  }
  // A reason of only spaces says nothing, so it counts as no reason.
  const reason = event.reason?.trim() ?? '';
  // An amendment is any change to what the register says after its original entry.
  const isAmendment =
    head !== null && (head.code !== event.code || head.minutesLate !== event.minutesLate);
  if (!isAmendment || reason !== '') return null;
  // A teacher may correct their own register while it is open; after that, and for anyone
  // amending on the school's behalf, the law wants the reason on record (docs/design.md §8.4).
  const isTeacher = event.actor.role === 'teacher';
  if (isTeacher && !registerClosed) return null;
  const change = `changing ${describeValue(head.code, head.minutesLate)} to ${describeValue(event.code, event.minutesLate)}`;
  return {
    code: 'reason_required',
    field: 'reason',
    message: isTeacher
      ? `The register has closed, so give a reason for ${change}`
      : `Give a reason for ${change}: every amendment is kept with its reason`,
  };
}

/**
 * Checks one mark event against the register's rules: the code exists for the session's date,
 * the author's role may enter it, minutes late go only with `L` or `U`, and an amendment carries a
 * reason when one is required (always for office, attendance lead and admin; for a teacher once
 * the register has closed). Returns every violation found.
 */
export function validateMark(input: ValidateMarkInput): Result<void, MarkRuleViolation> {
  const { event, school } = input;
  const violations: MarkRuleViolation[] = [];

  const checked = checkCode(event);
  const isCodeKnown = 'category' in checked;
  if (!isCodeKnown) violations.push(checked);
  else if (!mayEnter(school, event.actor.role, event.code)) {
    violations.push({
      code: 'code_not_allowed_for_role',
      field: 'code',
      message: `${ROLE_LABEL[event.actor.role]} may not enter '${event.code}' at ${school.name}`,
    });
  }

  const minutes = checkMinutesLate(event, isCodeKnown);
  if (minutes !== null) violations.push(minutes);
  const reason = checkReason(input);
  if (reason !== null) violations.push(reason);

  return violations.length === 0 ? ok(undefined) : fail(...violations);
}
