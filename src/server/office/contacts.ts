/**
 * First-day contacts: each attempt to reach a family about a pupil's absence in one session
 * (called, texted, emailed, no answer, home visit), with who tried and when by the server's clock.
 */
import { randomUUID } from 'node:crypto';
import { localDate, type LocalDate, type SessionPart } from '../../domain/index';
import type {
  Contact,
  ContactMethod,
  ContactSummary,
  ContactsQuery,
  CreateContactRequest,
  OfficeActor,
} from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { pupilOfSchool, pupilsById } from './officeSupport';

interface ContactRow {
  id: string;
  pupil_id: string;
  session_date: string;
  session_part: SessionPart;
  method: ContactMethod;
  note: string | null;
  staff_id: string;
  staff_name: string;
  staff_role: OfficeActor['role'];
  recorded_at: Date;
}

const CONTACT_COLUMNS = `id, pupil_id, to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part,
  method, note, staff_id, staff_name, staff_role, recorded_at`;

function toContact(row: ContactRow, pupilName: string): Contact {
  return {
    id: row.id,
    pupilId: row.pupil_id,
    pupilName,
    session: { date: row.session_date, part: row.session_part },
    method: row.method,
    note: row.note,
    by: { staffId: row.staff_id, name: row.staff_name, role: row.staff_role },
    at: row.recorded_at.toISOString(),
  };
}

export async function recordContact(
  db: Queryable,
  input: { schoolId: string; actor: OfficeActor; now: Date; request: CreateContactRequest },
): Promise<Contact> {
  const { schoolId, actor, request } = input;
  const pupil = await pupilOfSchool(db, schoolId, request.pupilId, localDate(request.session.date));
  const id = request.id ?? randomUUID();
  // A resend of the same request (same id) records nothing new and answers with the first one.
  await db.query(
    `INSERT INTO first_day_contact (id, school_id, pupil_id, session_date, session_part, method, note,
        staff_id, staff_name, staff_role, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO NOTHING`,
    [
      id,
      schoolId,
      pupil.id,
      request.session.date,
      request.session.part,
      request.method,
      request.note ?? null,
      actor.staffId,
      actor.name,
      actor.role,
      input.now,
    ],
  );
  const { rows } = await db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM first_day_contact WHERE id = $1 AND school_id = $2`,
    [id, schoolId],
  );
  const row = rows[0];
  if (row === undefined || row.pupil_id !== pupil.id) {
    throw new ApiError('invalid_request', {
      message: 'This contact id is already used by another record; send a new id.',
    });
  }
  return toContact(row, pupil.name);
}

function pupilName(id: string): string {
  return `Pupil ${id.slice(0, 8)}`;
}

/** Contacts about absences on `date` and/or of one pupil, oldest first. */
export async function listContacts(
  db: Queryable,
  schoolId: string,
  query: ContactsQuery,
): Promise<Contact[]> {
  if (query.pupilId !== undefined) await pupilOfSchool(db, schoolId, query.pupilId, null);
  const { rows } = await db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM first_day_contact
      WHERE school_id = $1 AND ($2::date IS NULL OR session_date = $2)
        AND ($3::uuid IS NULL OR pupil_id = $3)
      ORDER BY recorded_at, id`,
    [schoolId, query.date ?? null, query.pupilId ?? null],
  );
  const pupils = await pupilsById(
    db,
    schoolId,
    rows.map((r) => r.pupil_id),
    null,
  );
  return rows.map((r) => toContact(r, pupils.get(r.pupil_id)?.name ?? pupilName(r.pupil_id)));
}

/** `pupilId|date:part`: the absence a contact is about. */
export function absenceKey(pupilId: string, date: string, part: SessionPart): string {
  return `${pupilId}|${date}:${part}`;
}

/**
 * The latest contact about each of the given absences, with the number of attempts. Absences
 * nobody has tried yet are missing from the map.
 */
export async function contactSummaries(
  db: Queryable,
  schoolId: string,
  absences: readonly { pupilId: string; date: LocalDate | string; part: SessionPart }[],
): Promise<Map<string, ContactSummary>> {
  if (absences.length === 0) return new Map();
  const { rows } = await db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM first_day_contact
      WHERE school_id = $1
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[]))
      ORDER BY recorded_at, id`,
    [
      schoolId,
      absences.map((a) => a.pupilId),
      absences.map((a) => a.date),
      absences.map((a) => a.part),
    ],
  );
  const summaries = new Map<string, ContactSummary>();
  for (const row of rows) {
    const key = absenceKey(row.pupil_id, row.session_date, row.session_part);
    const attempts = (summaries.get(key)?.attempts ?? 0) + 1;
    summaries.set(key, {
      method: row.method,
      note: row.note,
      by: { staffId: row.staff_id, name: row.staff_name, role: row.staff_role },
      at: row.recorded_at.toISOString(),
      attempts,
    });
  }
  return summaries;
}
