/**
 * What the mark sheet checks and says (docs/design.md §3.4), over the domain's rules: what an
 * arrival time means in words (`L` or `U`, minutes late, decided by the domain's
 * `decideArrival`), and whether a change needs a reason (`validateMark`, the same rule the server
 * runs, so the teacher hears about it while they can still type one). Which codes a role may
 * choose is the domain's (`mayEnter`, `otherCodes`); which register is current too
 * (`currentSession`).
 */
import {
  checkArrival,
  decideArrival,
  parseWallTime,
  schoolInstant,
  validateMark,
  type ArrivalDecision,
  type GroupRef,
  type MarkRuleViolation,
  type Role,
  type SchoolConfig,
  type SessionRef,
} from '../../domain/index';
import { minutesText } from '../ui/format';

export type ArrivalReading =
  | {
      readonly ok: true;
      readonly decision: ArrivalDecision;
      readonly arrivedAt: string;
      readonly summary: string;
    }
  | { readonly ok: false; readonly message: string };

/**
 * What an arrival at `time` (HH:MM on the school's clock, on the session's day) means for the
 * pupil's group: the code, the minutes late and a sentence saying so. A time later than `now`
 * (epoch ms, the tablet's clock) beyond the clock tolerance has not happened yet and is refused.
 */
export function readArrival(
  school: SchoolConfig,
  group: GroupRef | null,
  session: SessionRef,
  time: string,
  now: number,
): ArrivalReading {
  const minutes = parseWallTime(time);
  if (minutes === null)
    return { ok: false, message: 'Enter the arrival time as HH:MM, e.g. 08:55.' };
  if (group === null) {
    return {
      ok: false,
      message:
        'This class has no year group Tickmark knows, so its register times are unclear. Ask the office to record the late arrival.',
    };
  }
  const arrivedAt = schoolInstant(session.date, minutes, school.timeZone).toISOString();
  const decided = decideArrival(school, group, session, Date.parse(arrivedAt));
  if (!decided.ok)
    return { ok: false, message: 'The arrival time is not on the day of this register.' };
  const decision = decided.value;
  const isLate = decision.code === 'L' || decision.code === 'U';
  // The server's rule, run here so a time typed ahead of the clock is refused while the
  // teacher can still correct it (a time in the future would otherwise become U).
  const checked = checkArrival({
    school,
    group,
    session,
    claim: { code: decision.code, minutesLate: isLate ? decision.minutesLate : null, arrivedAt },
    now,
  });
  if (!checked.ok) return { ok: false, message: checked.errors.map((e) => e.message).join(' ') };
  return { ok: true, decision, arrivedAt, summary: summarise(decision) };
}

function summarise(decision: ArrivalDecision): string {
  switch (decision.code) {
    case 'L':
      return `L — ${minutesText(decision.minutesLate)} late`;
    case 'U':
      return `U — after the register closed (${minutesText(decision.minutesLate)} late)`;
    default:
      return `${decision.code} — on time`;
  }
}

export interface ProposedMark {
  readonly code: string;
  readonly minutesLate: number | null;
  readonly arrivedAt: string | null;
  readonly reason: string | null;
}

/**
 * The rule problems with changing what the pupil shows (`shown`) to `mark`, as the server would
 * see them: a code the role may not enter, or a missing reason once the register has closed.
 */
export function markProblems(input: {
  readonly school: SchoolConfig;
  readonly actor: { readonly staffId: string; readonly name: string; readonly role: Role };
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly shown: {
    readonly code: string | null;
    readonly minutesLate: number | null;
    readonly headEventId: string | null;
    readonly headRole: Role | null;
  };
  readonly mark: ProposedMark;
  readonly registerClosed: boolean;
}): MarkRuleViolation[] {
  const { shown, mark } = input;
  const head =
    shown.code === null
      ? null
      : {
          headEventId: shown.headEventId ?? '',
          code: shown.code,
          minutesLate: shown.minutesLate,
          headRole: shown.headRole ?? 'teacher',
        };
  const result = validateMark({
    event: {
      eventId: '',
      pupilId: input.pupilId,
      session: input.session,
      code: mark.code,
      minutesLate: mark.minutesLate,
      arrivedAt: mark.arrivedAt,
      reason: mark.reason,
      baseEventId: shown.headEventId,
      actor: input.actor,
      deviceId: null,
      recordedAt: '',
    },
    head,
    school: input.school,
    registerClosed: input.registerClosed,
  });
  return result.ok ? [] : result.errors;
}
