/**
 * The admission register by hand: the office or an admin sets a pupil's admission date, leaving
 * date and the ground for deletion. Each change is recorded (before, after, who, in which role,
 * when) in pupil_roll_change, and the roster version moves on so tablets take it.
 *
 * The dates may not hide recorded attendance: a name is not deleted from the register
 * retrospectively, so the leaving date cannot be before the pupil's last register entry, nor the
 * admission date after their first.
 */
import { randomUUID } from 'node:crypto';
import { longDate, type DeletionGround, type LocalDate, type Role } from '../../domain/index';
import type { PupilRollRequest, RollPupil } from '../../shared/api/dataSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { lockSchoolLog } from '../register/syncHead';
import { bumpRosterVersion } from '../school/rosterVersion';

interface RollRow {
  id: string;
  upn: string | null;
  legal_forename: string;
  legal_surname: string;
  group_name: string | null;
  on_roll_from: LocalDate;
  on_roll_to: LocalDate | null;
  leaving_grounds: DeletionGround | null;
  changed_at: Date | null;
  changed_by_name: string | null;
  changed_by_role: Role | null;
}

const SELECT_ROLL = `
  SELECT p.id, p.upn, p.legal_forename, p.legal_surname,
         (SELECT g.name FROM group_membership m JOIN school_group g ON g.id = m.group_id
           WHERE m.pupil_id = p.id ORDER BY m.from_date DESC LIMIT 1) AS group_name,
         to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from, to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to,
         p.leaving_grounds, c.changed_at, s.name AS changed_by_name, c.changed_by_role
    FROM pupil p
    LEFT JOIN LATERAL (SELECT changed_at, changed_by, changed_by_role FROM pupil_roll_change
                        WHERE pupil_id = p.id ORDER BY changed_at DESC, id LIMIT 1) c ON true
    LEFT JOIN staff s ON s.id = c.changed_by`;

function toRollPupil(r: RollRow): RollPupil {
  return {
    id: r.id,
    upn: r.upn,
    name: `${r.legal_forename} ${r.legal_surname}`,
    groupName: r.group_name,
    admissionDate: r.on_roll_from,
    leavingDate: r.on_roll_to,
    grounds: r.leaving_grounds,
    lastChange:
      r.changed_at === null
        ? null
        : { at: r.changed_at.toISOString(), byName: r.changed_by_name ?? '', role: r.changed_by_role ?? 'office' },
  };
}

/** Every pupil of the school, on roll first (by surname), then leavers, latest first. */
export async function listRoll(db: Queryable, schoolId: string): Promise<RollPupil[]> {
  const { rows } = await db.query<RollRow>(
    `${SELECT_ROLL} WHERE p.school_id = $1
      ORDER BY (p.on_roll_to IS NOT NULL), p.on_roll_to DESC, p.legal_surname, p.legal_forename, p.id`,
    [schoolId],
  );
  return rows.map(toRollPupil);
}

async function onePupil(db: Queryable, schoolId: string, id: string): Promise<RollPupil> {
  const { rows } = await db.query<RollRow>(`${SELECT_ROLL} WHERE p.school_id = $1 AND p.id = $2`, [schoolId, id]);
  const row = rows[0];
  if (row === undefined) throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
  return toRollPupil(row);
}

const refuse = (path: 'admissionDate' | 'leavingDate', message: string): never => {
  throw new ApiError('invalid_request', { message, details: { issues: [{ path, message }] } });
};

/** Sets the pupil's dates and grounds, keeps their group memberships in step, and records who. */
export async function setPupilRoll(
  db: Database,
  input: {
    schoolId: string;
    pupilId: string;
    request: PupilRollRequest;
    actor: { staffId: string; role: Role };
    now: Date;
  },
): Promise<RollPupil> {
  const { schoolId, pupilId, request } = input;
  return db.transaction(async (tx) => {
    // Pushes check "on roll" under this lock, so none decides on dates that are changing.
    await lockSchoolLog(tx, schoolId);
    const before = await onePupil(tx, schoolId, pupilId);
    const { rows: span } = await tx.query<{ first: LocalDate | null; last: LocalDate | null }>(
      `SELECT to_char(min(session_date), 'YYYY-MM-DD') AS first, to_char(max(session_date), 'YYYY-MM-DD') AS last
         FROM register_entry WHERE school_id = $1 AND pupil_id = $2`,
      [schoolId, pupilId],
    );
    const first = span[0]?.first ?? null;
    const last = span[0]?.last ?? null;
    const admission = request.admissionDate as LocalDate;
    const leaving = request.leavingDate as LocalDate | null;
    if (first !== null && admission > first) {
      refuse(
        'admissionDate',
        `${before.name} has register entries from ${longDate(first)}; the admission date cannot be after that day.`,
      );
    }
    if (last !== null && leaving !== null && leaving < last) {
      refuse(
        'leavingDate',
        `${before.name} has register entries up to ${longDate(last)}; a name is not deleted from the register retrospectively, so the leaving date must be that day or later.`,
      );
    }
    if (
      before.admissionDate === admission &&
      before.leavingDate === leaving &&
      before.grounds === request.grounds
    ) {
      return before;
    }
    await tx.query('UPDATE pupil SET on_roll_from = $2, on_roll_to = $3, leaving_grounds = $4 WHERE id = $1', [
      pupilId,
      admission,
      leaving,
      request.grounds,
    ]);
    await keepMembershipsInStep(tx, pupilId, before, admission, leaving);
    await tx.query(
      `INSERT INTO pupil_roll_change (id, school_id, pupil_id, changed_at, changed_by, changed_by_role,
          old_on_roll_from, new_on_roll_from, old_on_roll_to, new_on_roll_to, old_leaving_grounds, new_leaving_grounds)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        randomUUID(),
        schoolId,
        pupilId,
        input.now,
        input.actor.staffId,
        input.actor.role,
        before.admissionDate,
        admission,
        before.leavingDate,
        leaving,
        before.grounds,
        request.grounds,
      ],
    );
    await bumpRosterVersion(tx, schoolId);
    return onePupil(tx, schoolId, pupilId);
  });
}

/**
 * The first membership starts on the admission date and the last ends on the leaving date (open
 * again when the pupil is back on roll), so registers and the roster agree with the dates.
 */
async function keepMembershipsInStep(
  tx: Queryable,
  pupilId: string,
  before: RollPupil,
  admission: LocalDate,
  leaving: LocalDate | null,
): Promise<void> {
  if (admission !== before.admissionDate) {
    const { rowCount } = await tx.query(
      `UPDATE group_membership SET from_date = $3 WHERE pupil_id = $1 AND from_date = $2
          AND (to_date IS NULL OR to_date >= $3)`,
      [pupilId, before.admissionDate, admission],
    );
    const { rows } = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM group_membership WHERE pupil_id = $1 AND from_date < $2',
      [pupilId, admission],
    );
    if (rowCount === 0 || (rows[0]?.n ?? 0) > 0) {
      refuse(
        'admissionDate',
        `${before.name}'s registration groups before ${longDate(admission)} would be left outside the roll; import the pupil's groups again with the corrected admission date instead.`,
      );
    }
  }
  if (leaving !== before.leavingDate) {
    const { rows } = await tx.query<{ from_date: string }>(
      `SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date FROM group_membership WHERE pupil_id = $1
        ORDER BY from_date DESC LIMIT 1`,
      [pupilId],
    );
    const latest = rows[0]?.from_date;
    if (latest === undefined) return;
    if (leaving !== null && leaving < latest) {
      refuse(
        'leavingDate',
        `${before.name} joined their current registration group on ${longDate(latest as LocalDate)}; the leaving date cannot be before that day.`,
      );
    }
    await tx.query('UPDATE group_membership SET to_date = $3 WHERE pupil_id = $1 AND from_date = $2', [
      pupilId,
      latest,
      leaving,
    ]);
  }
}
