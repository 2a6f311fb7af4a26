/**
 * The contacts of a pupil with parental responsibility, as casework needs them: letters are
 * addressed to them by name and emailed to them, and a penalty notice is per parent. Contacts are
 * the office's data (migration 0017_contacts); casework only reads them, here, and never logs them.
 */
import type { Queryable } from '../db/database';

export interface CaseParent {
  readonly id: string;
  readonly name: string;
  readonly relationship: string;
  readonly email: string | null;
  /** False with "do not contact" or a court order: never written to or emailed. */
  readonly mayContact: boolean;
}

/** The pupil's current contacts with parental responsibility, in the school's order. */
export async function loadCaseParents(
  db: Queryable,
  schoolId: string,
  pupilId: string,
): Promise<CaseParent[]> {
  const { rows } = await db.query<{
    id: string;
    full_name: string;
    relationship: string;
    email: string | null;
    do_not_contact: boolean;
    court_order: string | null;
  }>(
    `SELECT id, full_name, relationship, email, do_not_contact, court_order
       FROM pupil_contact
      WHERE school_id = $1 AND pupil_id = $2 AND parental_responsibility AND removed_at IS NULL
      ORDER BY priority, full_name, id`,
    [schoolId, pupilId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.full_name,
    relationship: r.relationship,
    email: r.email,
    mayContact: !r.do_not_contact && r.court_order === null,
  }));
}

/**
 * Whom a letter is addressed to: the parents the school may write to, by name ("Jane Adams and
 * John Adams"), or "Parent or Carer of" the child when it holds none.
 */
export function addressee(parents: readonly CaseParent[], childName: string): string {
  const names = parents.filter((p) => p.mayContact).map((p) => p.name);
  if (names.length === 0) return `Parent or Carer of ${childName}`;
  if (names.length === 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
