/**
 * Casework on the server: a pupil's signals from the register (the domain's `pupilSignals`), what
 * the school's ladder proposes, opening a case with its first action, and recording actions
 * done. The ladder only proposes; every action is added by a person (docs/design.md, "Casework").
 */
import { randomUUID } from 'node:crypto';
import {
  academicYearOf,
  addDays,
  CASE_ACTION_LABELS,
  localDate,
  parseLadder,
  proposeActions,
  pupilSignals,
  type Ladder,
  type LadderHistoryItem,
  type LocalDate,
  type PupilSignals,
  type SchoolConfig,
  type SessionPart,
  type StatEntry,
} from '../../domain/index';
import type { CaseAction, Proposal, UpdateActionRequest } from '../../shared/api/caseworkSchemas';
import type { addActionRequestSchema } from '../../shared/api/caseworkSchemas';
import type { z } from 'zod';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadActions, loadCase, type LettersByAction } from './caseStore';

/** The first day of the school year `day` is in (1 September). */
export function schoolYearStart(day: LocalDate): LocalDate {
  return localDate(`${academicYearOf(day)}-09-01`);
}

/** How far before the school year the rolling windows (penalty notice, lateness) look. */
const ROLLING_LOOK_BACK_DAYS = 7 * 16;

/** Register entries of `pupilIds` (all on roll when null) up to `asOf`, by pupil. */
export async function loadPupilEntries(
  db: Queryable,
  schoolId: string,
  pupilIds: readonly string[] | null,
  asOf: LocalDate,
): Promise<Map<string, StatEntry[]>> {
  const from = addDays(schoolYearStart(asOf), -ROLLING_LOOK_BACK_DAYS);
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT pupil_id, session_date, session_part, code, minutes_late
       FROM register_entry
      WHERE school_id = $1 AND session_date BETWEEN $2 AND $3
        ${pupilIds === null ? '' : 'AND pupil_id = ANY($4::uuid[])'}`,
    pupilIds === null ? [schoolId, from, asOf] : [schoolId, from, asOf, [...pupilIds]],
  );
  const byPupil = new Map<string, StatEntry[]>();
  for (const r of rows) {
    const list = byPupil.get(r.pupil_id) ?? [];
    list.push({
      pupilId: r.pupil_id,
      date: r.session_date,
      part: r.session_part,
      code: r.code,
      minutesLate: r.minutes_late,
    });
    byPupil.set(r.pupil_id, list);
  }
  return byPupil;
}

export function signalsOf(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  asOf: LocalDate,
): PupilSignals {
  return pupilSignals(entries, school, asOf, schoolYearStart(asOf));
}

/** The school's ladder, or null when it has none. A stored ladder that no longer parses is a bug. */
export async function loadLadder(db: Queryable, schoolId: string): Promise<Ladder | null> {
  const { rows } = await db.query<{ ladder: unknown }>(
    'SELECT ladder FROM case_ladder WHERE school_id = $1',
    [schoolId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const parsed = parseLadder(row.ladder);
  if (!parsed.ok) throw new Error(`stored ladder of ${schoolId}: ${parsed.errors.join('; ')}`);
  return parsed.value;
}

export async function saveLadder(
  db: Queryable,
  schoolId: string,
  staffId: string,
  ladder: Ladder,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO case_ladder (school_id, ladder, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (school_id) DO UPDATE SET ladder = $2, updated_by = $3, updated_at = $4`,
    [schoolId, JSON.stringify(ladder), staffId, now],
  );
}

/** The ladder history of a case: each stage already in it, with when it was done. */
export function historyOf(actions: readonly CaseAction[]): LadderHistoryItem[] {
  return actions
    .filter((a) => a.stageId !== null && a.status !== 'cancelled')
    .map((a) => ({
      stageId: a.stageId ?? '',
      doneOn: a.doneOn === null ? null : localDate(a.doneOn),
      attendedThen: a.attendanceThen?.attended ?? null,
      possibleThen: a.attendanceThen?.possible ?? null,
    }));
}

export function proposalsFor(
  ladder: Ladder | null,
  signals: PupilSignals,
  actions: readonly CaseAction[],
): Proposal[] {
  if (ladder === null) return [];
  return proposeActions(ladder, signals, historyOf(actions));
}

export interface CaseworkContext {
  readonly schoolId: string;
  readonly staffId: string;
  readonly now: Date;
  readonly today: LocalDate;
  readonly school: SchoolConfig;
  readonly loadLetters: (actionIds: readonly string[]) => Promise<LettersByAction>;
}

async function checkOwner(tx: Queryable, schoolId: string, ownerId: string): Promise<void> {
  const { rows } = await tx.query(
    'SELECT 1 FROM staff_role WHERE staff_id = $1 AND school_id = $2 LIMIT 1',
    [ownerId, schoolId],
  );
  if (rows.length === 0) {
    throw new ApiError('invalid_request', {
      message: 'The owner must be a member of staff at this school. Choose someone from the list.',
    });
  }
}

/**
 * Adds an action to the pupil's open case, opening one when there is none. A ladder stage is
 * taken once per case (accepted or declined): a second answers `already_exists`.
 */
export async function addAction(
  db: Database,
  ctx: CaseworkContext,
  pupilId: string,
  input: z.output<typeof addActionRequestSchema>,
): Promise<CaseAction> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const { rows: pupils } = await tx.query(
      'SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2 FOR UPDATE',
      [pupilId, ctx.schoolId],
    );
    if (pupils.length === 0) throw new ApiError('not_found', { message: 'No such pupil here.' });
    if (input.ownerId !== undefined) await checkOwner(tx, ctx.schoolId, input.ownerId);
    if (input.reviewOn !== undefined && input.reviewOn < input.dueOn) {
      throw new ApiError('invalid_request', {
        message: 'The review date must be on or after the due date.',
      });
    }
    let current = await loadCase(tx, ctx.schoolId, pupilId);
    if (current === null || current.closedOn !== null) {
      current = { id: randomUUID(), openedOn: ctx.today, closedOn: null };
      await tx.query(
        `INSERT INTO attendance_case (id, school_id, pupil_id, opened_on, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [current.id, ctx.schoolId, pupilId, ctx.today, ctx.staffId, ctx.now],
      );
    }
    if (input.stageId !== undefined) {
      const { rows } = await tx.query(
        `SELECT 1 FROM case_action WHERE case_id = $1 AND stage_id = $2`,
        [current.id, input.stageId],
      );
      if (rows.length > 0) {
        throw new ApiError('already_exists', {
          message:
            'This stage of the ladder is already in the case. Open the action there instead.',
        });
      }
    }
    await tx.query(
      `INSERT INTO case_action (id, case_id, school_id, kind, title, stage_id, status, owner_id,
                                due_on, review_on, notes, created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13)`,
      [
        id,
        current.id,
        ctx.schoolId,
        input.kind,
        input.title ?? CASE_ACTION_LABELS[input.kind],
        input.stageId ?? null,
        input.status,
        input.ownerId ?? null,
        input.dueOn,
        input.reviewOn ?? null,
        input.notes ?? '',
        ctx.staffId,
        ctx.now,
      ],
    );
  });
  return loadAction(db, ctx, id);
}

export async function loadAction(
  db: Queryable,
  ctx: Pick<CaseworkContext, 'schoolId' | 'loadLetters'>,
  actionId: string,
): Promise<CaseAction> {
  const [action] = await loadActions(db, ctx.schoolId, { actionId }, ctx.loadLetters);
  if (action === undefined) {
    throw new ApiError('not_found', { message: 'This school has no case action with that id.' });
  }
  return action;
}

/**
 * Records an action done (with the attendance that day, so the case shows whether it worked) or
 * cancelled, or changes its owner, review date or notes. A done action stays done.
 */
export async function updateAction(
  db: Database,
  ctx: CaseworkContext,
  actionId: string,
  input: UpdateActionRequest,
): Promise<CaseAction> {
  const before = await loadAction(db, ctx, actionId);
  if (input.status !== undefined && before.status !== 'planned') {
    throw new ApiError('invalid_request', {
      message: `This action is already ${before.status}; only a planned action can be marked done or cancelled.`,
    });
  }
  const doneOn = input.status === 'done' ? localDate(input.doneOn ?? ctx.today) : null;
  if (doneOn !== null && doneOn > ctx.today) {
    throw new ApiError('invalid_request', {
      message: 'An action cannot be done in the future. Enter the day it was done.',
    });
  }
  if (input.ownerId != null) await checkOwner(db, ctx.schoolId, input.ownerId);
  let attendance: { attended: number; possible: number } | null = null;
  if (doneOn !== null) {
    const entries = await loadPupilEntries(db, ctx.schoolId, [before.pupilId], doneOn);
    const s = signalsOf(entries.get(before.pupilId) ?? [], ctx.school, doneOn);
    attendance = { attended: s.attended, possible: s.possible };
  }
  const sets: string[] = ['updated_by = $3', 'updated_at = $4'];
  const params: unknown[] = [actionId, ctx.schoolId, ctx.staffId, ctx.now];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (input.status !== undefined) set('status', input.status);
  if (doneOn !== null && attendance !== null) {
    set('done_on', doneOn);
    set('attended_then', attendance.attended);
    set('possible_then', attendance.possible);
  }
  if (input.reviewOn !== undefined) {
    if (input.reviewOn !== null && input.reviewOn < before.dueOn) {
      throw new ApiError('invalid_request', {
        message: 'The review date must be on or after the due date.',
      });
    }
    set('review_on', input.reviewOn);
  }
  if (input.ownerId !== undefined) set('owner_id', input.ownerId);
  if (input.notes !== undefined) set('notes', input.notes);
  await db.query(
    `UPDATE case_action SET ${sets.join(', ')} WHERE id = $1 AND school_id = $2`,
    params,
  );
  return loadAction(db, ctx, actionId);
}
