/**
 * What an arrival time becomes under a school's rules, in a sentence, for the settings screen's
 * live preview ("A Year 3 pupil arriving at 09:06 is L, 21 minutes late"). It asks the register's
 * own rule (`decideArrival`), so the preview can never disagree with what a tablet records.
 */
import type { GroupRef, SchoolConfig, SessionPart } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { schoolInstant } from '../time/schoolTime';
import { formatWallTime, type WallTime } from '../time/wallTime';
import { decideArrival, type ArrivalDecision } from './registerWindow';

export interface ArrivalPreview extends ArrivalDecision {
  /** The decision in words. */
  readonly sentence: string;
}

const CODE_WORDS: Readonly<Record<ArrivalDecision['code'], string>> = {
  '/': 'on time (/)',
  '\\': 'on time (\\)',
  L: 'L',
  U: 'U',
};

const pupilOf = (group: GroupRef): string =>
  /^\d+$/.test(group.yearGroup)
    ? `A Year ${group.yearGroup} pupil`
    : group.yearGroup === 'R'
      ? 'A Reception pupil'
      : `A nursery (${group.yearGroup}) pupil`;

/**
 * The code and minutes late for a pupil of `group` arriving at `arrival` on `date`'s `part`.
 * The date matters only for the time zone's offset; the times are the configuration's own.
 */
export function previewArrival(
  school: SchoolConfig,
  group: GroupRef,
  date: LocalDate,
  part: SessionPart,
  arrival: WallTime,
): ArrivalPreview {
  const decided = decideArrival(
    school,
    group,
    { date, part },
    schoolInstant(date, arrival, school.timeZone),
  );
  // The instant was made on `date` in the school's own zone, so it is always on the session day.
  if (!decided.ok) throw new Error('An arrival made on the session day fell on another day.');
  const decision = decided.value;
  const window = `register ${formatWallTime(decision.start)} to ${formatWallTime(decision.registerCloses)}`;
  const late =
    decision.minutesLate === 0
      ? ''
      : `, ${decision.minutesLate} ${decision.minutesLate === 1 ? 'minute' : 'minutes'} late`;
  return {
    ...decision,
    sentence: `${pupilOf(group)} arriving at ${formatWallTime(arrival)} is ${CODE_WORDS[decision.code]}${late} (${window}).`,
  };
}
