/**
 * A pupil's contacts for casework tests, written as the office's import would leave them.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/server/db/database';

export interface ContactSpec {
  readonly name: string;
  readonly relationship?: string;
  readonly parentalResponsibility?: boolean;
  readonly email?: string | null;
  readonly doNotContact?: boolean;
  readonly courtOrder?: string | null;
}

/** Adds the contacts to the pupil in priority order and returns their ids. */
export async function addContacts(
  db: Database,
  schoolId: string,
  pupilId: string,
  contacts: readonly ContactSpec[],
): Promise<string[]> {
  const ids: string[] = [];
  let priority = 1;
  for (const c of contacts) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO pupil_contact (id, school_id, pupil_id, full_name, relationship,
         parental_responsibility, priority, email, do_not_contact, court_order, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
      [
        id,
        schoolId,
        pupilId,
        c.name,
        c.relationship ?? 'Mother',
        c.parentalResponsibility ?? true,
        priority,
        c.email ?? null,
        c.doNotContact ?? false,
        c.courtOrder ?? null,
      ],
    );
    priority += 1;
    ids.push(id);
  }
  return ids;
}
