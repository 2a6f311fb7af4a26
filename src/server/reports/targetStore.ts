/**
 * Attendance targets (docs/governors.md): proposals by the attendance lead or an admin, and a
 * governor's decision on each, kept as history (migration 0031: both tables refuse UPDATE and
 * DELETE). Which target is in force is the domain's rule (`targetInForce`).
 */
import { randomUUID } from 'node:crypto';
import {
  isCharacteristicKey,
  isCharacteristicValue,
  targetInForce,
  type CharacteristicGroup,
  type LocalDate,
  type Role,
  type TargetGroup,
  characteristicGroupLabel,
} from '../../domain/index';
import type { ProposeTarget, TargetDecision, TargetRecord } from '../../shared/api/governorSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';

/** The school year (1 August to 31 July) holding `date`, by the year it starts in. */
export function schoolYearStartOf(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

/** "2025–26" for 2025. */
export function schoolYearLabel(yearStart: number): string {
  return `${yearStart}–${String(yearStart + 1).slice(2)}`;
}

export function groupLabel(group: TargetGroup): string {
  return group === null ? 'Whole school' : characteristicGroupLabel(group);
}

interface TargetRow {
  id: string;
  year_start: number;
  characteristic_key: string | null;
  characteristic_value: string | null;
  attendance_percent: string;
  persistent_percent: string;
  note: string | null;
  proposed_at: Date;
  proposed_by_name: string;
  proposed_by_role: string;
  decision: 'approved' | 'declined' | null;
  decision_note: string | null;
  decided_at: Date | null;
  decided_by_name: string | null;
  decided_by_role: string | null;
  decision_seq: string | null;
}

const SELECT_TARGETS = `
  SELECT t.id, t.year_start, t.characteristic_key, t.characteristic_value,
         t.attendance_percent::text AS attendance_percent,
         t.persistent_percent::text AS persistent_percent, t.note, t.proposed_at,
         t.proposed_by_name, t.proposed_by_role,
         d.decision, d.note AS decision_note, d.decided_at, d.decided_by_name, d.decided_by_role,
         d.seq::text AS decision_seq
    FROM attendance_target t
    LEFT JOIN attendance_target_decision d ON d.target_id = t.id`;

function groupOfRow(row: TargetRow): TargetGroup {
  const key = row.characteristic_key;
  const value = row.characteristic_value;
  if (key === null || value === null) return null;
  if (!isCharacteristicKey(key) || !isCharacteristicValue(key, value)) {
    throw new Error(`Target ${row.id} names an unknown group ${key}:${value}.`);
  }
  return { key, value } as CharacteristicGroup;
}

function recordOf(row: TargetRow, inForce: boolean): TargetRecord {
  const group = groupOfRow(row);
  return {
    id: row.id,
    year: row.year_start,
    yearLabel: schoolYearLabel(row.year_start),
    group: group === null ? null : { ...group, label: characteristicGroupLabel(group) },
    groupLabel: groupLabel(group),
    attendancePercent: Number(row.attendance_percent),
    persistentPercent: Number(row.persistent_percent),
    note: row.note,
    proposedAt: row.proposed_at.toISOString(),
    proposedBy: { name: row.proposed_by_name, role: row.proposed_by_role },
    status: row.decision ?? 'proposed',
    decision:
      row.decided_at === null
        ? null
        : {
            decidedAt: row.decided_at.toISOString(),
            decidedBy: { name: row.decided_by_name ?? '', role: row.decided_by_role ?? '' },
            note: row.decision_note,
          },
    inForce,
  };
}

/** Every proposal of the school for the year, newest first, each marked if it is in force. */
export async function listTargets(
  db: Queryable,
  schoolId: string,
  yearStart: number,
): Promise<TargetRecord[]> {
  const { rows } = await db.query<TargetRow>(
    `${SELECT_TARGETS}
      WHERE t.school_id = $1 AND t.year_start = $2
      ORDER BY t.seq DESC`,
    [schoolId, yearStart],
  );
  const proposals = rows.map((row) => ({
    row,
    id: row.id,
    group: groupOfRow(row),
    proposedAt: row.proposed_at.toISOString(),
    status: row.decision ?? ('proposed' as const),
    decisionOrder: row.decision_seq === null ? null : Number(row.decision_seq),
  }));
  const inForce = new Set<string>();
  const groups = new Map(proposals.map((p) => [groupLabel(p.group), p.group]));
  for (const group of groups.values()) {
    const chosen = targetInForce(proposals, group);
    if (chosen !== null) inForce.add(chosen.id);
  }
  return proposals.map((p) => recordOf(p.row, inForce.has(p.id)));
}

async function oneTarget(db: Queryable, schoolId: string, id: string): Promise<TargetRecord> {
  const { rows } = await db.query<{ year_start: number }>(
    'SELECT year_start FROM attendance_target WHERE id = $1 AND school_id = $2',
    [id, schoolId],
  );
  const year = rows[0]?.year_start;
  const found =
    year === undefined
      ? undefined
      : (await listTargets(db, schoolId, year)).find((t) => t.id === id);
  if (found === undefined) {
    throw new ApiError('not_found', { message: 'This school has no target with that id.' });
  }
  return found;
}

export interface Actor {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
}

/** Records a proposal; it waits for a governor and changes nothing in force until approved. */
export async function proposeTarget(
  db: Queryable,
  schoolId: string,
  actor: Actor,
  input: ProposeTarget,
  now: Date,
): Promise<TargetRecord> {
  const id = randomUUID();
  const group = input.group ?? null;
  await db.query(
    `INSERT INTO attendance_target (id, school_id, year_start, characteristic_key,
       characteristic_value, attendance_percent, persistent_percent, note, proposed_at,
       proposed_by, proposed_by_name, proposed_by_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      schoolId,
      input.year,
      group?.key ?? null,
      group?.value ?? null,
      input.attendancePercent,
      input.persistentPercent,
      input.note ?? null,
      now,
      actor.staffId,
      actor.name,
      actor.role,
    ],
  );
  return oneTarget(db, schoolId, id);
}

/** A governor approves or sends back a proposal, once; a decided proposal stays as it was. */
export async function decideTarget(
  db: Queryable,
  schoolId: string,
  id: string,
  actor: Actor,
  input: TargetDecision,
  now: Date,
): Promise<TargetRecord> {
  await oneTarget(db, schoolId, id);
  const { rowCount } = await db.query(
    `INSERT INTO attendance_target_decision (target_id, decision, note, decided_at, decided_by,
       decided_by_name, decided_by_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (target_id) DO NOTHING`,
    [id, input.decision, input.note ?? null, now, actor.staffId, actor.name, actor.role],
  );
  const target = await oneTarget(db, schoolId, id);
  if (rowCount === 0) {
    throw new ApiError('changed_since', {
      message: `This target was already ${target.status === 'approved' ? 'approved' : 'sent back'} by ${target.decision?.decidedBy.name ?? 'a governor'}. To change it, ask the attendance lead to propose a new one.`,
    });
  }
  return target;
}
