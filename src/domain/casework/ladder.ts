/**
 * A school's escalation ladder as configuration (docs/design.md, "Casework"): stages, each with
 * what triggers it (the alerts Tickmark already raises: attendance below a rate, the at-risk
 * bands, persistent and severe absence, runs of absent days, lateness letters, the penalty-notice
 * threshold) and the action it proposes. Triggers only PROPOSE: a person decides, and the case
 * records what was done. A stage is proposed once per case; a stage with `after` waits until
 * that earlier stage has been done.
 */
import { z } from 'zod';
import type { SchoolConfig } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { addDays } from '../time/localDate';
import { longDate } from '../time/longDate';
import type { Result } from '../result';
import { fail, ok } from '../result';
import { computeStats } from '../stats/attendanceStats';
import { latenessStatus } from '../stats/lateness';
import { penaltyNoticeStatus } from '../stats/penaltyNotice';
import type { StatEntry } from '../stats/statEntry';
import { codeOfEntry, compareStatEntries } from '../stats/statEntry';
import { absenceStatus } from '../stats/thresholds';
import type { CaseActionKind } from './caseActions';
import { caseActionKindSchema } from './caseActions';

const percent = z.number().min(0).max(100);
const days = z.number().int().min(1).max(365);

export const ladderTriggerSchema = z.discriminatedUnion('kind', [
  /** Attendance below (or, `inclusive`, at or below) a rate: 001's 93 %, 004's 96 %. */
  z.object({ kind: z.literal('attendance_below'), percent, inclusive: z.boolean().default(false) }),
  /** One of the school's at-risk bands, by name. */
  z.object({ kind: z.literal('band'), name: z.string().min(1) }),
  z.object({ kind: z.literal('persistent') }),
  z.object({ kind: z.literal('severe') }),
  /** The latest school days absent in a row (only `N`, unexplained, when asked): 000's day 3, 5, 10. */
  z.object({ kind: z.literal('absence_run'), days, unexplainedOnly: z.boolean().default(false) }),
  /** Back after an absence of at least this many days in a row (000's reintegration plan). */
  z.object({ kind: z.literal('returned_after_absence'), days }),
  z.object({ kind: z.literal('lateness_letter') }),
  z.object({ kind: z.literal('lateness_escalation') }),
  /** The national penalty-notice threshold; `includeUnresolved` also when `N` may make it. */
  z.object({
    kind: z.literal('penalty_threshold'),
    includeUnresolved: z.boolean().default(false),
  }),
  /** `weeks` after the `after` stage, attendance is no better than it was then. */
  z.object({ kind: z.literal('not_improved'), weeks: z.number().int().min(1).max(52) }),
  /** Straight after the `after` stage (or `days` later): a letter that follows a call. */
  z.object({ kind: z.literal('following'), days: z.number().int().min(0).max(365).default(0) }),
  /** Never proposed: a person adds it when it is right (contracts, a phased return). */
  z.object({ kind: z.literal('manual') }),
]);

export type LadderTrigger = z.output<typeof ladderTriggerSchema>;

export const ladderStageSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'Use lower-case letters, digits and hyphens (e.g. "stage-1").'),
  name: z.string().trim().min(1).max(120),
  trigger: ladderTriggerSchema,
  /** The stage that must have been done first. */
  after: z.string().optional(),
  action: z.object({
    kind: caseActionKindSchema,
    /** The school's letter template (by id) for a letter. */
    letter: z.string().min(1).optional(),
    /** Days from the proposal to the day it is due. */
    dueInDays: z.number().int().min(0).max(365).default(0),
    /** Days from doing it to its review, when it has one. */
    reviewInDays: z.number().int().min(1).max(365).optional(),
  }),
});

export type LadderStage = z.output<typeof ladderStageSchema>;

export const ladderSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    stages: z.array(ladderStageSchema).min(1).max(40),
  })
  .superRefine((ladder, ctx) => {
    const seen = new Set<string>();
    ladder.stages.forEach((stage, i) => {
      if (seen.has(stage.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'id'],
          message: `Two stages are called "${stage.id}": give each stage its own id.`,
        });
      }
      if (stage.after !== undefined && !seen.has(stage.after)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'after'],
          message: `"${stage.after}" is not an earlier stage: a stage can only follow one above it.`,
        });
      }
      const needsAfter =
        stage.trigger.kind === 'not_improved' || stage.trigger.kind === 'following';
      if (needsAfter && stage.after === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'after'],
          message: `A "${stage.trigger.kind}" stage needs "after": the stage it is measured from.`,
        });
      }
      if ((stage.action.kind === 'letter') !== (stage.action.letter !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'action', 'letter'],
          message: 'A letter stage names its letter template, and only a letter stage does.',
        });
      }
      seen.add(stage.id);
    });
  });

export type Ladder = z.output<typeof ladderSchema>;

/** Parses a ladder, or says what is wrong where. */
export function parseLadder(input: unknown): Result<Ladder, string> {
  const parsed = ladderSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.map((issue) => `${issue.path.join('.') || 'ladder'}: ${issue.message}`),
  );
}

/** What the alerts say about one pupil on a day: the input of the ladder. */
export interface PupilSignals {
  readonly asOf: LocalDate;
  readonly possible: number;
  readonly attended: number;
  /** Attendance as a percentage, or null without a possible session. */
  readonly attendancePercent: number | null;
  readonly band: string | null;
  readonly persistent: boolean;
  readonly severe: boolean;
  /** School days absent in a row up to the latest session (0 when that was attended). */
  readonly absenceRunDays: number;
  /** The same, counting only `N` (unexplained). */
  readonly unexplainedRunDays: number;
  /** The run of absent days before the pupil came back, when the latest session was attended. */
  readonly returnedAfterDays: number;
  readonly latenessLetterDue: boolean;
  readonly latenessEscalation: boolean;
  readonly penaltyNotice: 'met' | 'met-if-n-unresolved' | 'not-met';
}

type Session = { date: LocalDate; absent: boolean; unexplained: boolean };

/** Whole days absent in a row, counting back from `sessions`' end; a half-attended day stops it. */
function runDays(sessions: readonly Session[], test: (s: Session) => boolean): number {
  const byDay = new Map<LocalDate, boolean>();
  for (const s of sessions) byDay.set(s.date, (byDay.get(s.date) ?? true) && test(s));
  let run = 0;
  for (const day of [...byDay.keys()].sort().reverse()) {
    if (byDay.get(day) !== true) break;
    run += 1;
  }
  return run;
}

/**
 * The signals of one pupil's entries up to `asOf` (from `since`, e.g. the start of the school
 * year, for the rates and the lateness letter; the penalty-notice and lateness windows are
 * rolling and look further back).
 */
export function pupilSignals(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  asOf: LocalDate,
  since?: LocalDate,
): PupilSignals {
  const upTo = entries.filter((e) => e.date <= asOf);
  const counted = upTo.filter((e) => since === undefined || since <= e.date);
  const stats = computeStats(counted);
  const status = absenceStatus(stats, school.thresholds);
  const sessions: Session[] = [...counted]
    .sort(compareStatEntries)
    .map((e) => ({ e, code: codeOfEntry(e) }))
    .filter(({ code }) => code.possible)
    .map(({ e, code }) => ({
      date: e.date,
      absent: code.category === 'AUTH' || code.category === 'UNAUTH',
      unexplained: e.code === 'N',
    }));
  const last = sessions[sessions.length - 1];
  let returnedAfterDays = 0;
  if (last !== undefined && !last.absent) {
    const before = sessions.filter((s) => s.date < last.date);
    returnedAfterDays = runDays(before, (s) => s.absent);
  }
  const lateness = latenessStatus(upTo, school, asOf, since === undefined ? {} : { since });
  return {
    asOf,
    possible: stats.possible,
    attended: stats.attended,
    attendancePercent: stats.attendancePercent,
    band: status.band?.name ?? null,
    persistent: status.persistent,
    severe: status.severe,
    absenceRunDays: runDays(sessions, (s) => s.absent),
    unexplainedRunDays: runDays(sessions, (s) => s.unexplained),
    returnedAfterDays,
    latenessLetterDue: lateness.letterDue,
    latenessEscalation: lateness.escalation.reached,
    penaltyNotice: penaltyNoticeStatus(upTo, school).status,
  };
}

/** A stage already in the case: when it was done (null while only proposed or planned). */
export interface LadderHistoryItem {
  readonly stageId: string;
  readonly doneOn: LocalDate | null;
  /** Attendance (sessions attended of possible) when it was done. */
  readonly attendedThen: number | null;
  readonly possibleThen: number | null;
}

export interface LadderProposal {
  readonly stageId: string;
  readonly stageName: string;
  readonly kind: CaseActionKind;
  readonly letter: string | null;
  /** Why it is proposed, in plain words. */
  readonly reason: string;
  readonly dueOn: LocalDate;
  readonly reviewInDays: number | null;
}

const pct = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)} %`);

// attended / possible compared with `rate` %, in integers (a pupil exactly at a rate is at it).
function compareRate(attended: number, possible: number, rate: number): number {
  return attended * 10_000 - Math.round(rate * 100) * possible;
}

/** Whether `trigger` fires, and why; `prior` is the `after` stage as done. */
function fires(
  trigger: LadderTrigger,
  s: PupilSignals,
  prior: LadderHistoryItem | null,
): string | null {
  switch (trigger.kind) {
    case 'attendance_below': {
      if (s.possible === 0) return null;
      const c = compareRate(s.attended, s.possible, trigger.percent);
      const hit = trigger.inclusive ? c <= 0 : c < 0;
      return hit
        ? `Attendance is ${pct(s.attendancePercent)}, ${trigger.inclusive ? 'at or below' : 'below'} ${trigger.percent} %.`
        : null;
    }
    case 'band':
      return s.band === trigger.name ? `Absence is in the band "${trigger.name}".` : null;
    case 'persistent':
      return s.persistent ? `Persistent absence (attendance ${pct(s.attendancePercent)}).` : null;
    case 'severe':
      return s.severe ? `Severe absence (attendance ${pct(s.attendancePercent)}).` : null;
    case 'absence_run': {
      const run = trigger.unexplainedOnly ? s.unexplainedRunDays : s.absenceRunDays;
      return run >= trigger.days
        ? `${run} school days ${trigger.unexplainedOnly ? 'of unexplained absence' : 'absent'} in a row.`
        : null;
    }
    case 'returned_after_absence':
      return s.returnedAfterDays >= trigger.days
        ? `Back after ${s.returnedAfterDays} school days absent in a row.`
        : null;
    case 'lateness_letter':
      return s.latenessLetterDue ? 'A lateness letter is due.' : null;
    case 'lateness_escalation':
      return s.latenessEscalation ? 'Lateness reached the escalation in the policy.' : null;
    case 'penalty_threshold':
      if (s.penaltyNotice === 'met')
        return 'The penalty-notice threshold is met: it must be considered.';
      if (trigger.includeUnresolved && s.penaltyNotice === 'met-if-n-unresolved')
        return 'The penalty-notice threshold is met if the unexplained absences stay unauthorised.';
      return null;
    case 'not_improved': {
      if (prior?.doneOn == null || prior.attendedThen === null || prior.possibleThen === null)
        return null;
      const from = addDays(prior.doneOn, trigger.weeks * 7);
      if (s.asOf < from) return null;
      // No better: attended/possible now ≤ attended/possible then, in integers.
      const notBetter =
        prior.possibleThen === 0 ||
        s.attended * prior.possibleThen <= prior.attendedThen * s.possible;
      const then =
        prior.possibleThen === 0 ? null : (100 * prior.attendedThen) / prior.possibleThen;
      return notBetter
        ? `Attendance has not improved in ${trigger.weeks} weeks since ${longDate(prior.doneOn)} (${pct(then)} then, ${pct(s.attendancePercent)} now).`
        : null;
    }
    case 'following': {
      if (prior?.doneOn == null) return null;
      return s.asOf >= addDays(prior.doneOn, trigger.days)
        ? `Follows the stage done on ${longDate(prior.doneOn)}.`
        : null;
    }
    case 'manual':
      return null;
  }
}

/**
 * The actions the ladder proposes for one pupil today: every stage whose trigger fires, which is
 * not yet in the case, and whose `after` stage is done. In the ladder's order. Nothing is done:
 * the attendance lead accepts or declines each one.
 */
export function proposeActions(
  ladder: Ladder,
  signals: PupilSignals,
  history: readonly LadderHistoryItem[],
): LadderProposal[] {
  const byStage = new Map(history.map((h) => [h.stageId, h]));
  const proposals: LadderProposal[] = [];
  for (const stage of ladder.stages) {
    if (byStage.has(stage.id)) continue;
    const prior = stage.after === undefined ? null : (byStage.get(stage.after) ?? null);
    if (stage.after !== undefined && prior?.doneOn == null) continue;
    const reason = fires(stage.trigger, signals, prior);
    if (reason === null) continue;
    proposals.push({
      stageId: stage.id,
      stageName: stage.name,
      kind: stage.action.kind,
      letter: stage.action.letter ?? null,
      reason,
      dueOn: addDays(signals.asOf, stage.action.dueInDays),
      reviewInDays: stage.action.reviewInDays ?? null,
    });
  }
  return proposals;
}
