/**
 * Undoes a done pupils import within 7 days: the pupils and groups it added are removed, and every
 * pupil row and group membership it changed is put back exactly as it was. Registers are never
 * touched: marks live in mark_event and register_entry, which an import does not write.
 *
 * How undos compose: an undo is allowed only while the school's roster is as the import left it
 * (its roster version is the one the import recorded). Any later change to the roster (another
 * import, an undo, a pupil's dates edited, a staff import) makes the undo unsafe, and it is
 * refused. Undoing the latest import hands the "latest" place back to the import before it, so
 * imports can be undone one by one from the newest.
 */
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { lockSchoolLog } from '../register/syncHead';
import type { PupilImportUndo } from './importPlan';
import { bumpRosterVersion } from '../school/rosterVersion';
import { UNDO_WINDOW_MS } from './importStore';

interface UndoJobRow {
  kind: string;
  state: string;
  finished_at: Date | null;
  undone_at: Date | null;
  undo_data: PupilImportUndo | null;
  roster_version_before: string | null;
  roster_version_after: string | null;
}

/** Tables that hold something about a pupil: an added pupil with a row in one cannot be removed. */
const PUPIL_RECORDS = [
  ['mark_event', 'marks'],
  ['first_day_contact', 'first-day contacts'],
  ['pupil_sign_out', 'sign-outs'],
  ['fire_drill_pupil', 'fire drill records'],
  ['trip_pupil', 'trip places'],
  ['pupil_roll_change', 'changes to their dates'],
] as const;

const refuse = (message: string): never => {
  throw new ApiError('changed_since', { message: `The import was not undone: ${message}` });
};

async function recordsOfAddedPupils(tx: Queryable, pupilIds: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [table, what] of PUPIL_RECORDS) {
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE pupil_id = ANY($1::uuid[])`,
      [pupilIds],
    );
    if ((rows[0]?.n ?? 0) > 0) found.push(what);
  }
  return found;
}

/** Undoes import `id` of the school, recording who and when. Throws an ApiError when it may not. */
export async function undoImport(
  db: Database,
  input: { schoolId: string; id: string; staffId: string; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockSchoolLog(tx, input.schoolId);
    const { rows } = await tx.query<UndoJobRow>(
      `SELECT kind, state, finished_at, undone_at, undo_data, roster_version_before::text AS roster_version_before,
              roster_version_after::text AS roster_version_after
         FROM import_job WHERE id = $1 AND school_id = $2 FOR UPDATE`,
      [input.id, input.schoolId],
    );
    const job = rows[0];
    if (job === undefined) throw new ApiError('not_found', { message: 'This school has no import with that id.' });
    if (job.kind !== 'pupils') {
      throw new ApiError('invalid_request', {
        message: 'Only a pupils import can be undone. Correct staff or marks by importing a corrected file.',
      });
    }
    if (job.undone_at !== null) refuse(`it was undone already, on ${job.undone_at.toISOString()}.`);
    if (job.state !== 'done' || job.finished_at === null) {
      throw new ApiError('invalid_request', { message: 'The import was not undone: it did not write anything to undo.' });
    }
    if (input.now.getTime() - job.finished_at.getTime() > UNDO_WINDOW_MS || job.undo_data === null) {
      refuse('an import can be undone for 7 days after it was made, and that time is over. Correct the pupils by importing a corrected file.');
    }
    const undo = job.undo_data as PupilImportUndo;
    const { rows: school } = await tx.query<{ v: string }>(
      'SELECT roster_version::text AS v FROM school WHERE id = $1 FOR UPDATE',
      [input.schoolId],
    );
    if (school[0]?.v !== job.roster_version_after) {
      refuse(
        'the roll has changed since it (another import or undo, or a pupil’s dates edited by hand), and undoing it now could overwrite those changes. Undo the later imports first, newest first, or correct the pupils by hand.',
      );
    }
    if (undo.addedPupils.length > 0) {
      const records = await recordsOfAddedPupils(tx, undo.addedPupils);
      if (records.length > 0) {
        refuse(`pupils it added now have ${records.join(', ')}, which must be kept. Give those pupils a leaving date instead.`);
      }
    }
    await restore(tx, undo);
    await bumpRosterVersion(tx, input.schoolId);
    const { rows: after } = await tx.query<{ v: string }>('SELECT roster_version::text AS v FROM school WHERE id = $1', [
      input.schoolId,
    ]);
    await tx.query(
      'UPDATE import_job SET undone_at = $2, undone_by = $3, undo_data = NULL WHERE id = $1',
      [input.id, input.now, input.staffId],
    );
    // The import before this one left the roster as it is again: it becomes the latest.
    await tx.query(
      `UPDATE import_job SET roster_version_after = $3
        WHERE school_id = $1 AND id <> $2 AND undone_at IS NULL AND undo_data IS NOT NULL AND roster_version_after = $4`,
      [input.schoolId, input.id, after[0]?.v, job.roster_version_before],
    );
  });
}

async function restore(tx: Queryable, undo: PupilImportUndo): Promise<void> {
  const changed = undo.pupilsBefore.map((p) => (p as { id: string }).id);
  await tx.query('DELETE FROM group_membership WHERE pupil_id = ANY($1::uuid[])', [[...changed, ...undo.addedPupils]]);
  await tx.query(
    `UPDATE pupil p SET legal_forename = r.legal_forename, legal_surname = r.legal_surname,
            preferred_forename = r.preferred_forename, preferred_surname = r.preferred_surname,
            date_of_birth = r.date_of_birth, on_roll_from = r.on_roll_from, on_roll_to = r.on_roll_to,
            leaving_grounds = r.leaving_grounds, send = r.send, fsm = r.fsm, looked_after = r.looked_after,
            social_worker = r.social_worker,
            -- An import kept before the register's flags existed has none: they stay as they are.
            medical = coalesce(r.medical, p.medical), eal = coalesce(r.eal, p.eal),
            boarder = coalesce(r.boarder, p.boarder),
            medical_note = CASE WHEN r.medical IS NULL THEN p.medical_note ELSE r.medical_note END
       FROM jsonb_populate_recordset(NULL::pupil, $1::jsonb) r WHERE p.id = r.id`,
    [JSON.stringify(undo.pupilsBefore)],
  );
  await tx.query(
    `INSERT INTO group_membership (pupil_id, group_id, from_date, to_date)
     SELECT pupil_id, group_id, from_date, to_date FROM jsonb_populate_recordset(NULL::group_membership, $1::jsonb)`,
    [JSON.stringify(undo.membershipsBefore)],
  );
  if (undo.characteristicsBefore !== undefined) {
    await tx.query('DELETE FROM pupil_characteristic WHERE pupil_id = ANY($1::uuid[])', [changed]);
    await tx.query(
      `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date, to_date)
       SELECT school_id, pupil_id, key, value, from_date, to_date
         FROM jsonb_populate_recordset(NULL::pupil_characteristic, $1::jsonb)`,
      [JSON.stringify(undo.characteristicsBefore)],
    );
  }
  // An added pupil's characteristics go with the pupil (ON DELETE CASCADE).
  await tx.query('DELETE FROM pupil WHERE id = ANY($1::uuid[])', [undo.addedPupils]);
  // A group the import added goes too, unless someone has been put in it since.
  await tx.query(
    `DELETE FROM school_group g WHERE g.id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM group_membership m WHERE m.group_id = g.id)
        AND NOT EXISTS (SELECT 1 FROM staff_group s WHERE s.group_id = g.id)`,
    [undo.addedGroups],
  );
}
