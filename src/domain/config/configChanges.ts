/**
 * What changed between two versions of a school's rules, in words an attendance lead reads in
 * the history ("Morning register closes at 09:10 (was 09:15)"). One line per setting that
 * changed; the calendar and the school's identity are not versioned and not compared.
 */
import { formatWallTime } from '../time/wallTime';
import type {
  Role,
  SchoolConfig,
  SessionOverride,
  SessionOverrideScope,
  SessionPart,
  SessionTimes,
  Thresholds,
} from './schoolConfig';
import { REGISTER_ROLES } from './schoolConfig';

/** A session's name in words, as the settings and their history say it. */
export const PART_NAME: Readonly<Record<SessionPart, string>> = { AM: 'Morning', PM: 'Afternoon' };

const ROLE_NAME: Readonly<Record<Role, string>> = {
  teacher: 'Teachers',
  office: 'Office staff',
  attendance_lead: 'The attendance lead',
  admin: 'Admins',
  governor: 'Governors',
};

export function describeScope(scope: SessionOverrideScope): string {
  switch (scope.kind) {
    case 'keyStage':
      return scope.keyStage === 'EYFS' ? 'Early years' : `Key stage ${scope.keyStage.slice(2)}`;
    case 'yearGroup':
      return /^\d+$/.test(scope.yearGroup)
        ? `Year ${scope.yearGroup}`
        : `Year group ${scope.yearGroup}`;
    case 'group':
      return `Class ${scope.groupId}`;
  }
}

const times = (t: SessionTimes): string =>
  `${formatWallTime(t.start)} to ${formatWallTime(t.registerCloses)}`;

function sessionLines(label: string, before: SessionTimes, after: SessionTimes): string[] {
  const lines: string[] = [];
  if (before.start !== after.start) {
    lines.push(
      `${label} register starts at ${formatWallTime(after.start)} (was ${formatWallTime(before.start)})`,
    );
  }
  if (before.registerCloses !== after.registerCloses) {
    lines.push(
      `${label} register closes at ${formatWallTime(after.registerCloses)} (was ${formatWallTime(before.registerCloses)})`,
    );
  }
  return lines;
}

const scopeKey = (scope: SessionOverrideScope): string => JSON.stringify(scope);

function overrideText(override: SessionOverride): string {
  return (['AM', 'PM'] as const)
    .flatMap((part) => {
      const t = override[part];
      return t === undefined ? [] : [`${PART_NAME[part].toLowerCase()} ${times(t)}`];
    })
    .join(', ');
}

function overrideLines(
  before: readonly SessionOverride[],
  after: readonly SessionOverride[],
): string[] {
  const was = new Map(before.map((o) => [scopeKey(o.scope), o]));
  const now = new Map(after.map((o) => [scopeKey(o.scope), o]));
  const lines: string[] = [];
  for (const [key, override] of now) {
    const old = was.get(key);
    const name = describeScope(override.scope);
    if (old === undefined) lines.push(`${name} now has its own times: ${overrideText(override)}`);
    else if (overrideText(old) !== overrideText(override)) {
      lines.push(`${name}'s times are ${overrideText(override)} (were ${overrideText(old)})`);
    }
  }
  for (const [key, override] of was) {
    if (!now.has(key)) {
      lines.push(
        `${describeScope(override.scope)} no longer has its own times (was ${overrideText(override)})`,
      );
    }
  }
  return lines;
}

function numberLine(label: string, before: number, after: number, unit = ''): string[] {
  return before === after ? [] : [`${label} ${after}${unit} (was ${before}${unit})`];
}

const bandsText = (t: Thresholds): string =>
  t.atRiskBands.length === 0
    ? 'none'
    : t.atRiskBands.map((b) => `${b.name} from ${b.minAbsencePercent}%`).join(', ');

function thresholdLines(before: Thresholds, after: Thresholds): string[] {
  const lines = [
    ...numberLine(
      'Persistent absence from',
      before.persistentAbsencePercent,
      after.persistentAbsencePercent,
      '%',
    ),
    ...numberLine(
      'Severe absence from',
      before.severeAbsencePercent,
      after.severeAbsencePercent,
      '%',
    ),
    ...numberLine(
      'Attendance target',
      before.attendanceTargetPercent,
      after.attendanceTargetPercent,
      '%',
    ),
    ...numberLine(
      'Lateness letter at late number',
      before.latenessLetterCount,
      after.latenessLetterCount,
    ),
    ...numberLine(
      'Smallest group shown in print and exports',
      before.smallGroupMinimum,
      after.smallGroupMinimum,
    ),
  ];
  if (bandsText(before) !== bandsText(after)) {
    lines.push(`At-risk bands: ${bandsText(after)} (were ${bandsText(before)})`);
  }
  const escalation = (t: Thresholds) =>
    `${t.latenessEscalation.lates} lates in ${t.latenessEscalation.schoolWeeks} school weeks`;
  if (escalation(before) !== escalation(after)) {
    lines.push(`Lateness escalates at ${escalation(after)} (was ${escalation(before)})`);
  }
  const penalty = (t: Thresholds) =>
    `${t.penaltyNotice.sessions} unauthorised sessions in ${t.penaltyNotice.schoolWeeks} school weeks`;
  if (penalty(before) !== penalty(after)) {
    lines.push(`Penalty-notice threshold ${penalty(after)} (was ${penalty(before)})`);
  }
  lines.push(
    ...numberLine(
      'Days allowed to resolve N:',
      before.nResolveSchoolDays,
      after.nResolveSchoolDays,
    ),
    ...numberLine(
      'Inform the local authority at unauthorised sessions:',
      before.localAuthority.unauthorisedSessions,
      after.localAuthority.unauthorisedSessions,
    ),
    ...numberLine(
      'Sickness return at sessions of illness:',
      before.localAuthority.illnessSessions,
      after.localAuthority.illnessSessions,
    ),
  );
  const certificates = (t: Thresholds) => t.certificatePercents.map((p) => `${p}%`).join(', ');
  if (certificates(before) !== certificates(after)) {
    lines.push(`Certificates at ${certificates(after)} (were ${certificates(before)})`);
  }
  return lines;
}

function roleCodeLines(before: SchoolConfig, after: SchoolConfig): string[] {
  return REGISTER_ROLES.flatMap((role) => {
    const was = new Set(before.roleCodes[role]);
    const now = new Set(after.roleCodes[role]);
    const added = [...now].filter((c) => !was.has(c));
    const removed = [...was].filter((c) => !now.has(c));
    const parts = [
      ...(added.length === 0 ? [] : [`may now enter ${added.join(' ')}`]),
      ...(removed.length === 0 ? [] : [`may no longer enter ${removed.join(' ')}`]),
    ];
    return parts.length === 0 ? [] : [`${ROLE_NAME[role]} ${parts.join(' and ')}`];
  });
}

/** Each change from `before` to `after`, one sentence each; empty when the rules are the same. */
export function describeRulesChange(before: SchoolConfig, after: SchoolConfig): string[] {
  return [
    ...(['AM', 'PM'] as const).flatMap((part) =>
      sessionLines(PART_NAME[part], before.sessions[part], after.sessions[part]),
    ),
    ...overrideLines(before.sessionOverrides, after.sessionOverrides),
    ...thresholdLines(before.thresholds, after.thresholds),
    ...numberLine('Hours in the school day:', before.schoolDayHours, after.schoolDayHours),
    ...roleCodeLines(before, after),
  ];
}
