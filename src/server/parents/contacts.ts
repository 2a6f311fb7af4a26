/**
 * Pupils' contacts as the office sees and edits them, in the order to call them. Contacts are
 * office data: the sync room never reads this table, and nothing here logs a contact's details.
 */
import { randomUUID } from 'node:crypto';
import type { ContactFields, PupilContact } from '../../shared/api/parentSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';

export interface ContactRow {
  id: string;
  pupil_id: string;
  full_name: string;
  relationship: string;
  parental_responsibility: boolean;
  priority: number;
  phones: string[];
  email: string | null;
  language: string;
  do_not_contact: boolean;
  court_order: string | null;
}

export const CONTACT_SELECT = `SELECT id, pupil_id, full_name, relationship, parental_responsibility, priority,
  phones, email, language, do_not_contact, court_order FROM pupil_contact`;

/** Whether the school may call or message this contact at all. */
export const mayContact = (row: ContactRow): boolean =>
  !row.do_not_contact && row.court_order === null;

export function toContact(row: ContactRow): PupilContact {
  return {
    id: row.id,
    pupilId: row.pupil_id,
    name: row.full_name,
    relationship: row.relationship,
    parentalResponsibility: row.parental_responsibility,
    priority: row.priority,
    phones: row.phones,
    email: row.email,
    language: row.language,
    doNotContact: row.do_not_contact,
    courtOrder: row.court_order,
    mayContact: mayContact(row),
  };
}

export async function requirePupil(
  db: Queryable,
  schoolId: string,
  pupilId: string,
): Promise<void> {
  const { rows } = await db.query('SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2', [
    pupilId,
    schoolId,
  ]);
  if (rows.length === 0) {
    throw new ApiError('not_found', {
      message: 'There is no such pupil at this school. Search for the pupil again.',
    });
  }
}

/** The pupil's current contacts: priority order, then name. */
export async function contactsOf(
  db: Queryable,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `${CONTACT_SELECT} WHERE school_id = $1 AND pupil_id = ANY($2::uuid[]) AND removed_at IS NULL
      ORDER BY pupil_id, priority, full_name, id`,
    [schoolId, [...pupilIds]],
  );
  return rows;
}

export async function listPupilContacts(
  db: Queryable,
  schoolId: string,
  pupilId: string,
): Promise<PupilContact[]> {
  await requirePupil(db, schoolId, pupilId);
  return (await contactsOf(db, schoolId, [pupilId])).map(toContact);
}

async function contactById(db: Queryable, schoolId: string, id: string): Promise<ContactRow> {
  const { rows } = await db.query<ContactRow>(
    `${CONTACT_SELECT} WHERE id = $1 AND school_id = $2 AND removed_at IS NULL`,
    [id, schoolId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', {
      message:
        'This contact is not on any pupil’s list here (it may have been removed). Reload the list.',
    });
  }
  return row;
}

export async function saveContact(
  db: Queryable,
  input: {
    schoolId: string;
    id: string | null;
    pupilId: string | null;
    fields: ContactFields;
    now: Date;
  },
): Promise<PupilContact> {
  const f = input.fields;
  let id = input.id;
  if (id === null) {
    if (input.pupilId === null) throw new Error('A new contact needs its pupil.');
    await requirePupil(db, input.schoolId, input.pupilId);
    id = randomUUID();
    await db.query(
      `INSERT INTO pupil_contact (id, school_id, pupil_id, full_name, relationship, parental_responsibility,
          priority, phones, email, language, do_not_contact, court_order, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        input.schoolId,
        input.pupilId,
        f.name,
        f.relationship,
        f.parentalResponsibility,
        f.priority,
        f.phones,
        f.email,
        f.language,
        f.doNotContact,
        f.courtOrder,
        input.now,
      ],
    );
  } else {
    await contactById(db, input.schoolId, id);
    await db.query(
      `UPDATE pupil_contact SET full_name = $3, relationship = $4, parental_responsibility = $5, priority = $6,
          phones = $7, email = $8, language = $9, do_not_contact = $10, court_order = $11, updated_at = $12
        WHERE id = $1 AND school_id = $2`,
      [
        id,
        input.schoolId,
        f.name,
        f.relationship,
        f.parentalResponsibility,
        f.priority,
        f.phones,
        f.email,
        f.language,
        f.doNotContact,
        f.courtOrder,
        input.now,
      ],
    );
  }
  return toContact(await contactById(db, input.schoolId, id));
}

export async function removeContact(
  db: Queryable,
  schoolId: string,
  id: string,
  now: Date,
): Promise<PupilContact> {
  const row = await contactById(db, schoolId, id);
  await db.query('UPDATE pupil_contact SET removed_at = $3 WHERE id = $1 AND school_id = $2', [
    id,
    schoolId,
    now,
  ]);
  return toContact(row);
}
