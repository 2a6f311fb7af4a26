/**
 * The sign-out book: a pupil leaving the site during the day (when, why, who collected them) and
 * coming back. The fire roll call leaves out pupils who have left and not returned.
 */
import { randomUUID } from 'node:crypto';
import { formatWallTime, localDate, toSchoolWallClock, type LocalDate } from '../../domain/index';
import type { CreateSignOutRequest, OfficeActor, SignOut } from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadSchoolConfig, pupilOfSchool, pupilsById } from './officeSupport';

interface SignOutRow {
  id: string;
  pupil_id: string;
  sign_out_date: string;
  left_at: Date;
  reason: string;
  collected_by: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_role: OfficeActor['role'];
  recorded_at: Date;
  returned_at: Date | null;
  return_recorded_by: string | null;
  return_recorded_by_name: string | null;
  return_recorded_by_role: OfficeActor['role'] | null;
}

const SIGN_OUT_COLUMNS = `id, pupil_id, to_char(sign_out_date, 'YYYY-MM-DD') AS sign_out_date, left_at,
  reason, collected_by, recorded_by, recorded_by_name, recorded_by_role, recorded_at, returned_at,
  return_recorded_by, return_recorded_by_name, return_recorded_by_role`;

async function toSignOuts(
  db: Queryable,
  schoolId: string,
  rows: readonly SignOutRow[],
): Promise<SignOut[]> {
  const pupils = await pupilsById(
    db,
    schoolId,
    rows.map((r) => r.pupil_id),
    null,
  );
  return rows.map((row) => {
    const pupil = pupils.get(row.pupil_id);
    return {
      id: row.id,
      pupilId: row.pupil_id,
      pupilName: pupil?.name ?? '',
      groupId: pupil?.groupId ?? null,
      groupName: pupil?.groupName ?? null,
      date: row.sign_out_date,
      at: row.left_at.toISOString(),
      reason: row.reason,
      collectedBy: row.collected_by,
      recordedBy: {
        staffId: row.recorded_by,
        name: row.recorded_by_name,
        role: row.recorded_by_role,
      },
      recordedAt: row.recorded_at.toISOString(),
      returnedAt: row.returned_at === null ? null : row.returned_at.toISOString(),
      returnRecordedBy:
        row.return_recorded_by === null ||
        row.return_recorded_by_name === null ||
        row.return_recorded_by_role === null
          ? null
          : {
              staffId: row.return_recorded_by,
              name: row.return_recorded_by_name,
              role: row.return_recorded_by_role,
            },
    };
  });
}

async function signOutRow(db: Queryable, schoolId: string, id: string): Promise<SignOutRow | null> {
  const { rows } = await db.query<SignOutRow>(
    `SELECT ${SIGN_OUT_COLUMNS} FROM pupil_sign_out WHERE id = $1 AND school_id = $2`,
    [id, schoolId],
  );
  return rows[0] ?? null;
}

async function one(db: Queryable, schoolId: string, row: SignOutRow): Promise<SignOut> {
  const [signOut] = await toSignOuts(db, schoolId, [row]);
  if (signOut === undefined) throw new Error('a sign-out row was lost');
  return signOut;
}

export async function recordSignOut(
  db: Queryable,
  input: { schoolId: string; actor: OfficeActor; now: Date; request: CreateSignOutRequest },
): Promise<SignOut> {
  const { schoolId, actor, request } = input;
  const school = await loadSchoolConfig(db, schoolId, input.now);
  const leftAt = new Date(request.at);
  const wall = toSchoolWallClock(leftAt, school.timeZone);
  const pupil = await pupilOfSchool(db, schoolId, request.pupilId, wall.date);
  if (request.id !== undefined) {
    const existing = await signOutRow(db, schoolId, request.id);
    if (existing !== null && existing.pupil_id === pupil.id) return one(db, schoolId, existing);
  }
  const { rows: out } = await db.query<{ left_at: Date }>(
    `SELECT left_at FROM pupil_sign_out
      WHERE school_id = $1 AND pupil_id = $2 AND returned_at IS NULL AND left_at <= $3`,
    [schoolId, pupil.id, leftAt],
  );
  const stillOut = out[0];
  if (stillOut !== undefined) {
    const since = formatWallTime(toSchoolWallClock(stillOut.left_at, school.timeZone).minutes);
    throw new ApiError('invalid_request', {
      message: `${pupil.name} is already signed out (since ${since}) and has not come back. Record their return first.`,
    });
  }
  const id = request.id ?? randomUUID();
  const { rowCount } = await db.query(
    `INSERT INTO pupil_sign_out (id, school_id, pupil_id, sign_out_date, left_at, reason, collected_by,
        recorded_by, recorded_by_name, recorded_by_role, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO NOTHING`,
    [
      id,
      schoolId,
      pupil.id,
      wall.date,
      leftAt,
      request.reason,
      request.collectedBy ?? null,
      actor.staffId,
      actor.name,
      actor.role,
      input.now,
    ],
  );
  const row = rowCount === 1 ? await signOutRow(db, schoolId, id) : null;
  if (row === null) {
    throw new ApiError('invalid_request', {
      message: 'This sign-out id is already used by another record; send a new id.',
    });
  }
  return one(db, schoolId, row);
}

export async function recordReturn(
  db: Queryable,
  input: { schoolId: string; actor: OfficeActor; now: Date; id: string; at: string },
): Promise<SignOut> {
  const { schoolId, actor } = input;
  const row = await signOutRow(db, schoolId, input.id);
  if (row === null) {
    throw new ApiError('not_found', { message: 'This school has no sign-out with that id.' });
  }
  const back = new Date(input.at);
  const school = await loadSchoolConfig(db, schoolId, input.now);
  const clockTime = (at: Date) => formatWallTime(toSchoolWallClock(at, school.timeZone).minutes);
  if (row.returned_at !== null) {
    // The same return sent again (a retry) is fine; a different time is a second, conflicting one.
    if (row.returned_at.getTime() === back.getTime()) return one(db, schoolId, row);
    throw new ApiError('invalid_request', {
      message: `This pupil's return was already recorded at ${clockTime(row.returned_at)}; nothing was changed.`,
    });
  }
  if (back.getTime() < row.left_at.getTime()) {
    throw new ApiError('invalid_request', {
      message: `The return time (${clockTime(back)}) is before the pupil left (${clockTime(row.left_at)}); check the time.`,
      details: { issues: [{ path: 'at', message: 'must not be before the sign-out time' }] },
    });
  }
  await db.query(
    `UPDATE pupil_sign_out SET returned_at = $3, return_recorded_by = $4, return_recorded_by_name = $5,
        return_recorded_by_role = $6, return_recorded_at = $7
      WHERE id = $1 AND school_id = $2 AND returned_at IS NULL`,
    [row.id, schoolId, back, actor.staffId, actor.name, actor.role, input.now],
  );
  const updated = await signOutRow(db, schoolId, row.id);
  if (updated === null) throw new Error('a sign-out row was lost');
  return one(db, schoolId, updated);
}

/** Every sign-out on `date` (the school's day), in the order pupils left. */
export async function listSignOuts(
  db: Queryable,
  schoolId: string,
  date: LocalDate,
): Promise<SignOut[]> {
  const { rows } = await db.query<SignOutRow>(
    `SELECT ${SIGN_OUT_COLUMNS} FROM pupil_sign_out
      WHERE school_id = $1 AND sign_out_date = $2 ORDER BY left_at, id`,
    [schoolId, localDate(date)],
  );
  return toSignOuts(db, schoolId, rows);
}
