/**
 * Common Transfer Files (docs/statutory.md "CTF"). Out: a leaver's identifiers and attendance,
 * every session mark included, checked by the domain before a byte is written, and recorded
 * with its file number. In: a joining pupil's CTF is read, checked, matched to pupils already on
 * the roll by UPN, and their years at the previous school stored as history there
 * (`prior_school_year`, `prior_school_session`), apart from this school's register.
 */
import { randomUUID } from 'node:crypto';
import {
  buildCtfXmlShape,
  checkCtfXmlShape,
  ctfFileName,
  ctfFromXmlShape,
  formatCtfPath,
  toSchoolWallClock,
  type CtfMark,
  type LocalDate,
  type SessionPart,
} from '../../domain/index';
import type {
  CtfExportQuery,
  CtfImportResponse,
  CtfPupilsResponse,
} from '../../shared/api/ctfSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { issueWithLine, readCtfXml, writeCtfXml, type CtfFileIssue } from './ctfXml';

export interface CtfActor {
  readonly schoolId: string;
  readonly staffId: string;
  readonly now: Date;
}

interface SchoolRow {
  name: string;
  dfe_number: string | null;
  time_zone: string;
}

async function loadSchool(db: Queryable, schoolId: string): Promise<SchoolRow> {
  const { rows } = await db.query<SchoolRow>(
    'SELECT name, dfe_number, time_zone FROM school WHERE id = $1',
    [schoolId],
  );
  const row = rows[0];
  if (row === undefined) throw new ApiError('not_found');
  return row;
}

/** The school's LEA and Estab from its DfE number (`nnnnnnn` or `nnn/nnnn`), or nulls. */
export function splitDfeNumber(dfe: string | null): { lea: string | null; estab: string | null } {
  const digits = (dfe ?? '').replace(/\D/g, '');
  return digits.length === 7
    ? { lea: digits.slice(0, 3), estab: digits.slice(3) }
    : { lea: null, estab: null };
}

async function nextSequence(db: Queryable, schoolId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM ctf_export WHERE school_id = $1',
    [schoolId],
  );
  return (Number(rows[0]?.n ?? 0) % 999) + 1;
}

export async function ctfPupils(db: Queryable, schoolId: string): Promise<CtfPupilsResponse> {
  const school = await loadSchool(db, schoolId);
  const { rows } = await db.query<{
    id: string;
    forename: string;
    surname: string;
    upn: string | null;
    date_of_birth: string;
    year_group: string | null;
    on_roll_to: string | null;
  }>(
    `SELECT p.id, coalesce(p.preferred_forename, p.legal_forename) AS forename,
            coalesce(p.preferred_surname, p.legal_surname) AS surname, p.upn,
            to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
            to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to,
            (SELECT g.year_group FROM group_membership m JOIN school_group g ON g.id = m.group_id
              WHERE m.pupil_id = p.id ORDER BY m.from_date DESC LIMIT 1) AS year_group
       FROM pupil p
      WHERE p.school_id = $1
      ORDER BY p.on_roll_to IS NULL, p.on_roll_to DESC, surname, forename, p.id`,
    [schoolId],
  );
  return {
    school: { name: school.name, ...splitDfeNumber(school.dfe_number) },
    pupils: rows.map((r) => ({
      id: r.id,
      displayName: `${r.forename} ${r.surname}`,
      upn: r.upn,
      dateOfBirth: r.date_of_birth,
      yearGroup: r.year_group,
      onRollTo: r.on_roll_to,
    })),
    nextSequence: await nextSequence(db, schoolId),
  };
}

/** Refuses with every issue, each naming its element. */
function refuse(message: string, issues: readonly { path: string; message: string }[]): never {
  throw new ApiError('invalid_request', { message, details: { issues } });
}

/** A leaver's CTF: its file name and text. Refused, naming each value, when one cannot be written. */
export async function exportLeaverCtf(
  db: Database,
  actor: CtfActor,
  query: CtfExportQuery,
): Promise<{ fileName: string; xml: string }> {
  const school = await loadSchool(db, actor.schoolId);
  const { lea, estab } = splitDfeNumber(school.dfe_number);
  if (lea === null || estab === null)
    refuse(
      "The school's DfE number (LEA and Estab, 7 digits) is not set: an admin enters it in the school's settings before a CTF can be made.",
      [{ path: 'school.dfeNumber', message: 'is not set' }],
    );
  const { rows: pupils } = await db.query<{
    id: string;
    upn: string | null;
    legal_surname: string;
    legal_forename: string;
    date_of_birth: string;
  }>(
    `SELECT id, upn, legal_surname, legal_forename, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
       FROM pupil WHERE school_id = $1 AND id = $2`,
    [actor.schoolId, query.pupilId],
  );
  const pupil = pupils[0];
  if (pupil === undefined)
    refuse('There is no such pupil at this school.', [
      { path: 'pupilId', message: 'is not a pupil of this school' },
    ]);
  const { rows: marks } = await db.query<{ date: LocalDate; part: SessionPart; code: string }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS date, session_part AS part, code
       FROM register_entry WHERE school_id = $1 AND pupil_id = $2
      ORDER BY session_date, session_part`,
    [actor.schoolId, pupil.id],
  );
  const wall = toSchoolWallClock(actor.now, school.time_zone);
  const minutes = Number(wall.minutes);
  const seconds = new Date(actor.now).getUTCSeconds();
  const dateTime = `${wall.date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  const built = buildCtfXmlShape({
    dateTime,
    source: { lea, estab, name: school.name },
    dest: {
      lea: query.destLea,
      estab: query.destEstab,
      ...(query.destName === undefined ? {} : { name: query.destName }),
    },
    pupils: [
      {
        pupilId: pupil.id,
        upn: pupil.upn,
        surname: pupil.legal_surname,
        forename: pupil.legal_forename,
        dateOfBirth: pupil.date_of_birth,
        marks: marks satisfies CtfMark[],
      },
    ],
  });
  if (!built.ok)
    refuse(
      `The CTF was not made: ${built.errors.map((e) => e.message).join(' ')}`,
      built.errors.map((e) => ({ path: formatCtfPath(e.path), message: e.message })),
    );
  const fileName = ctfFileName({
    sourceLea: lea,
    sourceEstab: estab,
    destLea: query.destLea,
    destEstab: query.destEstab,
    sequence: query.sequence,
  });
  const xml = writeCtfXml(built.value);
  await db.query(
    `INSERT INTO ctf_export (id, school_id, pupil_id, dest_lea, dest_estab, sequence, file_name, made_by, made_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      randomUUID(),
      actor.schoolId,
      pupil.id,
      query.destLea,
      query.destEstab,
      query.sequence,
      fileName,
      actor.staffId,
      actor.now,
    ],
  );
  return { fileName, xml };
}

/** A file issue as the API's field issue: `line 12, UPN`. */
function fieldIssue(issue: CtfFileIssue): { path: string; message: string } {
  return {
    path: issue.line === null ? issue.field : `line ${issue.line}, ${issue.field}`,
    message: issue.message,
  };
}

function refuseFile(issues: readonly CtfFileIssue[]): never {
  const first = issues[0];
  refuse(
    first === undefined
      ? 'The CTF was refused.'
      : `The CTF was refused${first.line === null ? '' : ` (line ${first.line}, ${first.field})`}: ${first.message}${issues.length > 1 ? ` And ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}.` : ''}`,
    issues.map(fieldIssue),
  );
}

/**
 * Reads a joining pupil's CTF. Each pupil in it must already be on this school's roll with the
 * same UPN; otherwise the whole file is refused, listing the pupils not found. With `dryRun`
 * nothing is stored.
 */
export async function importCtf(
  db: Database,
  actor: CtfActor,
  request: { fileName: string; xml: string; dryRun: boolean },
): Promise<CtfImportResponse> {
  const read = readCtfXml(request.xml);
  if (!read.ok) refuseFile([read.issue]);
  const checked = checkCtfXmlShape(read.value.shape);
  if (!checked.ok) refuseFile(checked.errors.map((e) => issueWithLine(e, read.value.lines)));
  const ctf = ctfFromXmlShape(checked.value);

  const { rows: known } = await db.query<{
    id: string;
    upn: string;
    forename: string;
    surname: string;
  }>(
    `SELECT id, upn, coalesce(preferred_forename, legal_forename) AS forename,
            coalesce(preferred_surname, legal_surname) AS surname
       FROM pupil WHERE school_id = $1 AND upn = ANY($2::text[])`,
    [actor.schoolId, ctf.pupils.map((p) => p.upn)],
  );
  const byUpn = new Map(known.map((k) => [k.upn, k]));
  const unknown = ctf.pupils
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !byUpn.has(p.upn))
    .map(({ p, i }) =>
      issueWithLine(
        {
          path: ['CTfile', 'CTFpupilData', 'Pupil', i, 'UPN'],
          message: `No pupil on this school's roll has the UPN ${p.upn} (${p.forename} ${p.surname}, born ${p.dateOfBirth}). Add the pupil to the roll with this UPN (the pupils import), then import the CTF again.`,
        },
        read.value.lines,
      ),
    );
  if (unknown.length > 0) refuseFile(unknown);

  const pupils = ctf.pupils.map((p) => {
    const match = byUpn.get(p.upn);
    if (match === undefined) throw new Error('matched above');
    return {
      upn: p.upn,
      pupilId: match.id,
      displayName: `${match.forename} ${match.surname}`,
      years: p.years,
    };
  });
  const answer = (outcome: 'checked' | 'imported', importId: string | null): CtfImportResponse => ({
    outcome,
    importId,
    source: ctf.source,
    ctfVersion: ctf.version,
    pupils: pupils.map((p) => ({
      upn: p.upn,
      pupilId: p.pupilId,
      displayName: p.displayName,
      years: p.years.map((y) => ({
        year: y.year,
        schoolName: y.schoolName,
        sessionsPossible: y.sessionsPossible,
        sessionsAttended: y.sessionsAttended,
        sessionsAuthorised: y.sessionsAuthorised,
        sessionsUnauthorised: y.sessionsUnauthorised,
        marks: y.marks.length,
      })),
    })),
  });
  if (request.dryRun) return answer('checked', null);

  const importId = randomUUID();
  const sessions = pupils.reduce((n, p) => n + p.years.reduce((m, y) => m + y.marks.length, 0), 0);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO ctf_import (id, school_id, file_name, ctf_version, file_date_time, source_lea,
                               source_estab, source_name, pupils, sessions, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        importId,
        actor.schoolId,
        request.fileName,
        ctf.version,
        ctf.dateTime,
        ctf.source.lea,
        ctf.source.estab,
        ctf.source.name,
        pupils.length,
        sessions,
        actor.staffId,
        actor.now,
      ],
    );
    for (const p of pupils) {
      for (const y of p.years) {
        await tx.query(
          `INSERT INTO prior_school_year (school_id, pupil_id, academic_year, lea, estab, school_name,
                  sessions_possible, sessions_authorised, sessions_attended, sessions_unauthorised, import_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (pupil_id, academic_year, lea, estab) DO UPDATE SET
             school_name = EXCLUDED.school_name, sessions_possible = EXCLUDED.sessions_possible,
             sessions_authorised = EXCLUDED.sessions_authorised,
             sessions_attended = EXCLUDED.sessions_attended,
             sessions_unauthorised = EXCLUDED.sessions_unauthorised, import_id = EXCLUDED.import_id`,
          [
            actor.schoolId,
            p.pupilId,
            y.year,
            y.lea,
            y.estab,
            y.schoolName,
            y.sessionsPossible,
            y.sessionsAuthorised,
            y.sessionsAttended,
            y.sessionsUnauthorised,
            importId,
          ],
        );
        if (y.marks.length === 0) continue;
        await tx.query(
          `INSERT INTO prior_school_session (school_id, pupil_id, session_date, session_part, code, lea, estab, import_id)
           SELECT $1, $2, m.date, m.part, m.code, $3, $4, $5
             FROM unnest($6::date[], $7::text[], $8::text[]) AS m(date, part, code)
           ON CONFLICT (pupil_id, session_date, session_part) DO UPDATE SET
             code = EXCLUDED.code, lea = EXCLUDED.lea, estab = EXCLUDED.estab, import_id = EXCLUDED.import_id`,
          [
            actor.schoolId,
            p.pupilId,
            y.lea,
            y.estab,
            importId,
            y.marks.map((m) => m.date),
            y.marks.map((m) => m.part),
            y.marks.map((m) => m.code),
          ],
        );
      }
    }
  });
  return answer('imported', importId);
}
