/**
 * Fire drills (and real evacuations): when, which pupils were found at the assembly point, who was
 * missing, notes, and who recorded it. Recorded afterwards from the roll call's tick-off.
 */
import { randomUUID } from 'node:crypto';
import { localDate, type LocalDate, type SessionPart } from '../../domain/index';
import type {
  CreateFireDrillRequest,
  FireDrill,
  OfficeActor,
} from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { compareText, pupilsById } from './officeSupport';

interface DrillRow {
  id: string;
  session_date: string;
  session_part: SessionPart;
  started_at: Date;
  ended_at: Date;
  notes: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_role: OfficeActor['role'];
  recorded_at: Date;
}

const DRILL_COLUMNS = `id, to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, started_at,
  ended_at, notes, recorded_by, recorded_by_name, recorded_by_role, recorded_at`;

async function toDrills(
  db: Queryable,
  schoolId: string,
  rows: readonly DrillRow[],
): Promise<FireDrill[]> {
  if (rows.length === 0) return [];
  const { rows: marks } = await db.query<{
    drill_id: string;
    pupil_id: string;
    accounted_for: boolean;
  }>(
    `SELECT drill_id, pupil_id, accounted_for FROM fire_drill_pupil WHERE drill_id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  );
  const pupils = await pupilsById(
    db,
    schoolId,
    marks.map((m) => m.pupil_id),
    null,
  );
  const listed = (drillId: string, accounted: boolean) =>
    marks
      .filter((m) => m.drill_id === drillId && m.accounted_for === accounted)
      .map((m) => {
        const pupil = pupils.get(m.pupil_id);
        return {
          pupilId: m.pupil_id,
          name: pupil?.sortName ?? '',
          groupName: pupil?.groupName ?? null,
        };
      })
      .sort(
        (a, b) => compareText(a.groupName ?? '', b.groupName ?? '') || compareText(a.name, b.name),
      );
  return rows.map((row) => ({
    id: row.id,
    session: { date: row.session_date, part: row.session_part },
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at.toISOString(),
    accountedFor: listed(row.id, true),
    missing: listed(row.id, false),
    notes: row.notes,
    recordedBy: {
      staffId: row.recorded_by,
      name: row.recorded_by_name,
      role: row.recorded_by_role,
    },
    recordedAt: row.recorded_at.toISOString(),
  }));
}

async function oneDrill(db: Queryable, schoolId: string, row: DrillRow): Promise<FireDrill> {
  const [drill] = await toDrills(db, schoolId, [row]);
  if (drill === undefined) throw new Error('a fire drill row was lost');
  return drill;
}

async function drillRow(db: Queryable, schoolId: string, id: string): Promise<DrillRow | null> {
  const { rows } = await db.query<DrillRow>(
    `SELECT ${DRILL_COLUMNS} FROM fire_drill WHERE id = $1 AND school_id = $2`,
    [id, schoolId],
  );
  return rows[0] ?? null;
}

export async function recordFireDrill(
  tx: Queryable,
  input: { schoolId: string; actor: OfficeActor; now: Date; request: CreateFireDrillRequest },
): Promise<FireDrill> {
  const { schoolId, actor, request } = input;
  if (request.id !== undefined) {
    const existing = await drillRow(tx, schoolId, request.id);
    if (existing !== null) return oneDrill(tx, schoolId, existing);
  }
  const ids = [...request.accountedFor, ...request.missing];
  const known = await pupilsById(tx, schoolId, ids, null);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    // Another school's pupil is "not found", exactly like one that does not exist.
    throw new ApiError('not_found', {
      message: `This school has no pupil with the id ${unknown[0]}. Check the drill's lists.`,
    });
  }
  const id = request.id ?? randomUUID();
  const { rowCount } = await tx.query(
    `INSERT INTO fire_drill (id, school_id, session_date, session_part, started_at, ended_at, notes,
        recorded_by, recorded_by_name, recorded_by_role, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO NOTHING`,
    [
      id,
      schoolId,
      request.session.date,
      request.session.part,
      new Date(request.startedAt),
      new Date(request.endedAt),
      request.notes ?? null,
      actor.staffId,
      actor.name,
      actor.role,
      input.now,
    ],
  );
  if (rowCount !== 1) {
    throw new ApiError('invalid_request', {
      message: 'This drill id is already used by another record; send a new id.',
    });
  }
  const unique = (list: readonly string[]) => [...new Set(list)];
  for (const [list, accounted] of [
    [unique(request.accountedFor), true],
    [unique(request.missing), false],
  ] as const) {
    if (list.length === 0) continue;
    await tx.query(
      `INSERT INTO fire_drill_pupil (drill_id, pupil_id, accounted_for)
       SELECT $1, pupil_id, $3 FROM unnest($2::uuid[]) AS pupil_id`,
      [id, list, accounted],
    );
  }
  const row = await drillRow(tx, schoolId, id);
  if (row === null) throw new Error('a fire drill row was lost');
  return oneDrill(tx, schoolId, row);
}

/** Past drills, latest first, optionally within a date range. */
export async function listFireDrills(
  db: Queryable,
  schoolId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<FireDrill[]> {
  const from: LocalDate | null = range.from === undefined ? null : localDate(range.from);
  const to: LocalDate | null = range.to === undefined ? null : localDate(range.to);
  const { rows } = await db.query<DrillRow>(
    `SELECT ${DRILL_COLUMNS} FROM fire_drill
      WHERE school_id = $1 AND ($2::date IS NULL OR session_date >= $2)
        AND ($3::date IS NULL OR session_date <= $3)
      ORDER BY started_at DESC, id`,
    [schoolId, from, to],
  );
  return toDrills(db, schoolId, rows);
}
