/**
 * Cases and their actions as stored (migration 0020_casework). Every query names the school, so
 * another school's case or action is never found.
 */
import type { CaseActionKind } from '../../domain/index';
import type { CaseAction, CaseLetter } from '../../shared/api/caseworkSchemas';
import type { Queryable } from '../db/database';

interface ActionRow {
  id: string;
  case_id: string;
  pupil_id: string;
  kind: CaseActionKind;
  title: string;
  stage_id: string | null;
  status: CaseAction['status'];
  owner_id: string | null;
  owner_name: string | null;
  due_on: string;
  review_on: string | null;
  done_on: string | null;
  attended_then: number | null;
  possible_then: number | null;
  notes: string;
  created_by: string;
  created_by_name: string;
  created_at: Date;
}

const ACTION_SELECT = `
  SELECT a.id, a.case_id, c.pupil_id, a.kind, a.title, a.stage_id, a.status, a.owner_id,
         o.name AS owner_name, to_char(a.due_on, 'YYYY-MM-DD') AS due_on,
         to_char(a.review_on, 'YYYY-MM-DD') AS review_on, to_char(a.done_on, 'YYYY-MM-DD') AS done_on,
         a.attended_then, a.possible_then, a.notes, a.created_by, s.name AS created_by_name,
         a.created_at
    FROM case_action a
    JOIN attendance_case c ON c.id = a.case_id
    JOIN staff s ON s.id = a.created_by
    LEFT JOIN staff o ON o.id = a.owner_id`;

/** Letters of the given actions, by action id (filled in by the letters' store). */
export type LettersByAction = ReadonlyMap<string, readonly CaseLetter[]>;

function toAction(row: ActionRow, letters: LettersByAction): CaseAction {
  return {
    id: row.id,
    caseId: row.case_id,
    pupilId: row.pupil_id,
    kind: row.kind,
    title: row.title,
    stageId: row.stage_id,
    status: row.status,
    owner: row.owner_id === null ? null : { id: row.owner_id, name: row.owner_name ?? '' },
    dueOn: row.due_on,
    reviewOn: row.review_on,
    doneOn: row.done_on,
    attendanceThen:
      row.attended_then === null || row.possible_then === null
        ? null
        : { attended: row.attended_then, possible: row.possible_then },
    notes: row.notes,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    letters: [...(letters.get(row.id) ?? [])],
  };
}

export interface ActionFilter {
  readonly caseId?: string;
  readonly actionId?: string;
  /** Planned actions due on or before this day, or whose review is on or before it. */
  readonly dueBy?: string;
}

/** Actions of the school matching `filter`, oldest due first. */
export async function loadActions(
  db: Queryable,
  schoolId: string,
  filter: ActionFilter,
  loadLetters: (actionIds: readonly string[]) => Promise<LettersByAction>,
): Promise<CaseAction[]> {
  const where = ['a.school_id = $1'];
  const params: unknown[] = [schoolId];
  if (filter.caseId !== undefined) {
    params.push(filter.caseId);
    where.push(`a.case_id = $${params.length}`);
  }
  if (filter.actionId !== undefined) {
    params.push(filter.actionId);
    where.push(`a.id = $${params.length}`);
  }
  if (filter.dueBy !== undefined) {
    params.push(filter.dueBy);
    const n = params.length;
    where.push(
      `c.closed_on IS NULL AND ((a.status = 'planned' AND a.due_on <= $${n})
         OR (a.status = 'done' AND a.review_on <= $${n}
             AND NOT EXISTS (SELECT 1 FROM case_action r WHERE r.case_id = a.case_id
                              AND r.id <> a.id AND r.kind = 'review'
                              AND r.status IN ('planned', 'done') AND r.due_on >= a.done_on)))`,
    );
  }
  const { rows } = await db.query<ActionRow>(
    `${ACTION_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.due_on, a.created_at, a.id`,
    params,
  );
  const letters = await loadLetters(rows.map((r) => r.id));
  return rows.map((r) => toAction(r, letters));
}

export interface StoredCase {
  readonly id: string;
  readonly openedOn: string;
  readonly closedOn: string | null;
}

/** The pupil's open case, else their latest closed one, else null. */
export async function loadCase(
  db: Queryable,
  schoolId: string,
  pupilId: string,
): Promise<StoredCase | null> {
  const { rows } = await db.query<{ id: string; opened_on: string; closed_on: string | null }>(
    `SELECT id, to_char(opened_on, 'YYYY-MM-DD') AS opened_on,
            to_char(closed_on, 'YYYY-MM-DD') AS closed_on
       FROM attendance_case WHERE school_id = $1 AND pupil_id = $2
      ORDER BY closed_on IS NULL DESC, opened_on DESC LIMIT 1`,
    [schoolId, pupilId],
  );
  const row = rows[0];
  return row === undefined
    ? null
    : { id: row.id, openedOn: row.opened_on, closedOn: row.closed_on };
}
