/**
 * Which register times apply to a group. Seed 001 has three afternoon starts in one school
 * (Nursery, Reception/KS1, KS2), so times can be overridden per key stage, year group or group.
 */
import {
  keyStageOf,
  type GroupRef,
  type SchoolConfig,
  type SessionOverrideScope,
  type SessionPart,
  type SessionTimes,
} from '../config/schoolConfig';

/** Higher is more specific: a group's own times beat its year group's, which beat its key stage's. */
function specificity(scope: SessionOverrideScope, group: GroupRef): number {
  switch (scope.kind) {
    case 'group':
      return scope.groupId === group.id ? 3 : 0;
    case 'yearGroup':
      return scope.yearGroup === group.yearGroup ? 2 : 0;
    case 'keyStage':
      return scope.keyStage === keyStageOf(group.yearGroup) ? 1 : 0;
  }
}

/**
 * The start and register-close times of `part` for `group`: the most specific override that
 * sets times for that part, otherwise the school's own. An override that only sets the morning
 * leaves the afternoon to the next most specific rule.
 */
export function sessionTimesFor(
  school: SchoolConfig,
  group: GroupRef,
  part: SessionPart,
): SessionTimes {
  let best: SessionTimes = school.sessions[part];
  let bestSpecificity = 0;
  for (const override of school.sessionOverrides) {
    const times = override[part];
    const level = specificity(override.scope, group);
    if (times !== undefined && level > bestSpecificity) {
      best = times;
      bestSpecificity = level;
    }
  }
  return best;
}
