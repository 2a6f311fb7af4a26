/**
 * Did it work? (docs/design.md §8.10): each action done, measured on the register by the
 * domain's `actionImpact` (the school weeks before against the school weeks after), and the
 * school's pupils who moved out of persistent absence by the kind of action, by
 * `persistenceImpact`. The register entries are the current ones (`register_entry`); nothing
 * here writes.
 */
import {
  actionImpact,
  addDays,
  localDate,
  persistenceImpact,
  statisticsCohortOf,
  type CaseActionKind,
  type LocalDate,
  type MeasuredAction,
  type SchoolConfig,
  type SessionPart,
  type StatEntry,
  type YearGroup,
} from '../../domain/index';
import type {
  ActionImpactWire,
  PupilImpactResponse,
  SchoolImpactResponse,
} from '../../shared/api/caseworkImpactSchemas';
import type { Queryable } from '../db/database';

export interface ImpactContext {
  readonly schoolId: string;
  readonly school: SchoolConfig;
  readonly today: LocalDate;
}

/** Calendar weeks looked back beyond the weeks asked for: a summer holiday and two half-terms. */
const HOLIDAY_SLACK_WEEKS = 12;

interface DoneAction {
  readonly id: string;
  readonly pupilId: string;
  readonly kind: CaseActionKind;
  readonly title: string;
  readonly doneOn: LocalDate;
  readonly dateOfBirth: LocalDate;
  readonly yearGroup: YearGroup | null;
}

/** Done actions of the school (of one pupil, or done in a period), oldest first. */
async function loadDoneActions(
  db: Queryable,
  schoolId: string,
  filter: { pupilId: string } | { from: LocalDate; to: LocalDate },
): Promise<DoneAction[]> {
  const params: unknown[] = [schoolId];
  let where: string;
  if ('pupilId' in filter) {
    params.push(filter.pupilId);
    where = 'c.pupil_id = $2';
  } else {
    params.push(filter.from, filter.to);
    where = 'a.done_on BETWEEN $2 AND $3';
  }
  const { rows } = await db.query<{
    id: string;
    pupil_id: string;
    kind: CaseActionKind;
    title: string;
    done_on: string;
    date_of_birth: string;
    year_group: YearGroup | null;
  }>(
    `SELECT a.id, c.pupil_id, a.kind, a.title, to_char(a.done_on, 'YYYY-MM-DD') AS done_on,
            to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, g.year_group
       FROM case_action a
       JOIN attendance_case c ON c.id = a.case_id
       JOIN pupil p ON p.id = c.pupil_id
       -- The pupil's year group when the action was done (for the closures that apply to it).
       LEFT JOIN LATERAL (
         SELECT sg.year_group FROM group_membership m JOIN school_group sg ON sg.id = m.group_id
          WHERE m.pupil_id = p.id AND m.from_date <= a.done_on
          ORDER BY m.from_date DESC LIMIT 1
       ) g ON true
      WHERE a.school_id = $1 AND a.status = 'done' AND ${where}
      ORDER BY a.done_on, a.created_at, a.id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    pupilId: r.pupil_id,
    kind: r.kind,
    title: r.title,
    doneOn: localDate(r.done_on),
    dateOfBirth: localDate(r.date_of_birth),
    yearGroup: r.year_group,
  }));
}

/** Current register entries of `pupilIds` from `from` to `to`, by pupil. */
export async function loadEntriesBetween(
  db: Queryable,
  schoolId: string,
  pupilIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, StatEntry[]>> {
  const byPupil = new Map<string, StatEntry[]>();
  if (pupilIds.length === 0 || to < from) return byPupil;
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT pupil_id, to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, code,
            minutes_late
       FROM register_entry
      WHERE school_id = $1 AND pupil_id = ANY($2::uuid[]) AND session_date BETWEEN $3 AND $4`,
    [schoolId, [...pupilIds], from, to],
  );
  for (const r of rows) {
    const list = byPupil.get(r.pupil_id) ?? [];
    list.push({
      pupilId: r.pupil_id,
      date: localDate(r.session_date),
      part: r.session_part,
      code: r.code,
      minutesLate: r.minutes_late,
    });
    byPupil.set(r.pupil_id, list);
  }
  return byPupil;
}

/** Each action measured on its pupil's register, up to today. */
async function measure(
  db: Queryable,
  ctx: ImpactContext,
  actions: readonly DoneAction[],
  weeks: number,
): Promise<{ action: DoneAction; measured: MeasuredAction }[]> {
  const first = actions[0];
  if (first === undefined) return [];
  const from = addDays(first.doneOn, -7 * (weeks + HOLIDAY_SLACK_WEEKS));
  const pupilIds = [...new Set(actions.map((a) => a.pupilId))];
  const entries = await loadEntriesBetween(db, ctx.schoolId, pupilIds, from, ctx.today);
  return actions.map((action) => ({
    action,
    measured: {
      pupilId: action.pupilId,
      kind: action.kind,
      cohort: statisticsCohortOf(action.dateOfBirth, action.doneOn),
      impact: actionImpact(entries.get(action.pupilId) ?? [], ctx.school, {
        doneOn: action.doneOn,
        weeks,
        asOf: ctx.today,
        yearGroup: action.yearGroup ?? undefined,
      }),
    },
  }));
}

/** A pupil's actions done, in every case of theirs, each with before and after. */
export async function pupilImpact(
  db: Queryable,
  ctx: ImpactContext,
  pupilId: string,
  weeks: number,
): Promise<PupilImpactResponse> {
  const done = await loadDoneActions(db, ctx.schoolId, { pupilId });
  const measured = await measure(db, ctx, done, weeks);
  const actions: ActionImpactWire[] = measured.map(({ action, measured: { impact } }) => ({
    actionId: action.id,
    kind: action.kind,
    title: action.title,
    doneOn: impact.doneOn,
    before: impact.before,
    after: impact.after,
    complete: impact.complete,
    change: impact.change,
    changePoints: impact.changePoints,
  }));
  return { pupilId, weeks, asOf: ctx.today, actions };
}

/** Pupils who moved out of persistent absence after each kind of action done in the period. */
export async function schoolImpact(
  db: Queryable,
  ctx: ImpactContext,
  period: { from: LocalDate; to: LocalDate },
  weeks: number,
): Promise<SchoolImpactResponse> {
  const to = period.to < ctx.today ? period.to : ctx.today;
  const done = await loadDoneActions(db, ctx.schoolId, { from: period.from, to });
  const measured = await measure(db, ctx, done, weeks);
  const result = persistenceImpact(measured.map((m) => m.measured));
  return {
    from: period.from,
    to,
    weeks,
    asOf: ctx.today,
    persistentAbsencePercent: ctx.school.thresholds.persistentAbsencePercent,
    byKind: [...result.byKind],
    outsideAgeRange: [...result.outsideAgeRange],
  };
}
