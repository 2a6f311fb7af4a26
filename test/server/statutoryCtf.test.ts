/**
 * Common Transfer Files end to end: a leaver's CTF made at one school and imported at a second
 * keeps every session mark; the history stays apart from the second school's register but counts
 * in its penalty-notice window; files with a wrong value are refused with the line and the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upnCheckLetter } from '../../src/domain';
import type { Database } from '../../src/server/db/database';
import * as ctfApi from '../../src/shared/api/endpoints/ctfEndpoints';
import { penaltyNotices } from '../../src/shared/api/endpoints/reportEndpoints';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { importFile, openDataDatabase, PUPIL_HEADER, pupilLine, upnOf } from './dataFixtures';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb.close();
});

const upn = (rest: string): string => `${upnCheckLetter(`?${rest}`) ?? '?'}${rest}`;

interface TestSchool {
  school: SyncSchool;
  admin: TestClient;
  office: TestClient;
  lead: TestClient;
}

async function schoolWith(dfe: string | null): Promise<TestSchool> {
  const school = await createSyncSchool(db, { groups: [] });
  if (dfe !== null)
    await db.query('UPDATE school SET dfe_number = $2 WHERE id = $1', [school.id, dfe]);
  const { app } = createTestApp(db);
  const clients = {
    admin: new TestClient(app),
    office: new TestClient(app),
    lead: new TestClient(app),
  };
  await clients.admin.signIn(school.member('admin'));
  await clients.office.signIn(school.member('office'));
  await clients.lead.signIn(school.member('lead'));
  return { school, ...clients };
}

/** One pupil with this UPN (and optionally a longer surname) on the school's roll. */
async function addPupil(s: TestSchool, pupilUpn: string, surname?: string): Promise<string> {
  const line = pupilLine({ n: 1, forename: 'Ava' })
    .replace(upnOf(1), pupilUpn)
    .replace('Surname1', surname ?? 'Jones');
  await importFile(s.admin, 'pupils', `${PUPIL_HEADER}\n${line}\n`);
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM pupil WHERE school_id = $1 AND upn = $2',
    [s.school.id, pupilUpn],
  );
  return rows[0]?.id ?? '';
}

async function marks(s: TestSchool, lines: readonly string[]): Promise<void> {
  await importFile(s.admin, 'marks', `UPN,Date,Session,Code\n${lines.join('\n')}\n`);
}

async function exportCtf(
  client: TestClient,
  pupilId: string,
  dest = { lea: '203', estab: '4000' },
  sequence = 1,
) {
  return client.get(
    `${ctfApi.ctfExport.path}?pupilId=${pupilId}&destLea=${dest.lea}&destEstab=${dest.estab}&sequence=${sequence}`,
  );
}

async function importCtf(client: TestClient, xml: string, dryRun = false) {
  return client.post(ctfApi.ctfImport.path, { fileName: 'in.xml', xml, dryRun });
}

async function issuesOf(res: Response): Promise<{ path: string; message: string }[]> {
  const body = (await res.json()) as { details?: { issues?: { path: string; message: string }[] } };
  return body.details?.issues ?? [];
}

describe('CTF round trip', () => {
  it('a leaver exported at one school and imported at another keeps every session mark, apart from the register', async () => {
    const pupilUpn = upn('202200124001');
    const from = await schoolWith('2022001');
    const pupilId = await addPupil(from, pupilUpn);
    const sent = [
      // A legacy year (one character a session) and the 2024 codes (two), with gaps and a closure.
      `${pupilUpn},2024-06-03,AM,/`,
      `${pupilUpn},2024-06-03,PM,H`,
      `${pupilUpn},2024-06-05,AM,J`,
      `${pupilUpn},2024-09-04,AM,/`,
      `${pupilUpn},2024-09-04,PM,\\`,
      `${pupilUpn},2024-09-05,AM,L`,
      `${pupilUpn},2024-09-05,PM,C1`,
      `${pupilUpn},2024-09-06,AM,J1`,
      `${pupilUpn},2024-09-09,AM,Y1`,
      `${pupilUpn},2024-09-09,PM,#`,
      `${pupilUpn},2024-11-12,AM,N`,
      `${pupilUpn},2024-11-12,PM,O`,
      `${pupilUpn},2025-02-03,AM,U`,
      `${pupilUpn},2025-02-03,PM,G`,
    ];
    await marks(from, sent);

    const res = await exportCtf(from.office, pupilId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('2022001_CTF_2034000_001.xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<DocumentName>Common Transfer File</DocumentName>');
    expect(xml).toContain('<CTFversion>25.0</CTFversion>');
    expect(xml).toContain('<DateTime>2025-03-04T08:30:00</DateTime>');
    expect(xml).toContain(`<UPN>${pupilUpn}</UPN>`);
    expect(xml).toContain('<AttendanceMarks>/H--J-</AttendanceMarks>');

    const to = await schoolWith('2034000');
    const joinerId = await addPupil(to, pupilUpn);
    const checked = await importCtf(to.office, xml, true);
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ outcome: 'checked', importId: null });
    const imported = await importCtf(to.office, xml);
    expect(imported.status).toBe(200);
    const body = (await imported.json()) as {
      outcome: string;
      pupils: { pupilId: string; years: { year: number; marks: number }[] }[];
    };
    expect(body.outcome).toBe('imported');
    expect(body.pupils[0]?.pupilId).toBe(joinerId);
    expect(body.pupils[0]?.years.map((y) => [y.year, y.marks])).toEqual([
      [2023, 3],
      [2024, 11],
    ]);

    const { rows: history } = await db.query<{ line: string }>(
      `SELECT $2 || ',' || to_char(session_date, 'YYYY-MM-DD') || ',' || session_part || ',' || code AS line
         FROM prior_school_session WHERE school_id = $1 AND pupil_id = $3 ORDER BY session_date, session_part`,
      [to.school.id, pupilUpn, joinerId],
    );
    expect(history.map((r) => r.line)).toEqual(sent);
    const { rows: register } = await db.query('SELECT 1 FROM register_entry WHERE school_id = $1', [
      to.school.id,
    ]);
    expect(register).toHaveLength(0);
    const { rows: years } = await db.query<{
      academic_year: number;
      sessions_possible: number;
      school_name: string;
    }>(
      'SELECT academic_year, sessions_possible, school_name FROM prior_school_year WHERE pupil_id = $1 ORDER BY academic_year',
      [joinerId],
    );
    expect(years.map((y) => [y.academic_year, y.sessions_possible])).toEqual([
      [2023, 3],
      [2024, 9],
    ]);
  });

  it("counts the previous school's unauthorised sessions in the penalty-notice window", async () => {
    const pupilUpn = upn('202200124002');
    const from = await schoolWith('2022001');
    const leaverId = await addPupil(from, pupilUpn);
    // Six at the first school in January…
    await marks(
      from,
      ['2025-01-13', '2025-01-14', '2025-01-15'].flatMap((d) => [
        `${pupilUpn},${d},AM,U`,
        `${pupilUpn},${d},PM,O`,
      ]),
    );
    const xml = await (await exportCtf(from.office, leaverId)).text();

    const to = await schoolWith('2034000');
    await addPupil(to, pupilUpn);
    // …and four at the second in February: ten within ten school weeks only across both.
    await marks(
      to,
      ['2025-02-03', '2025-02-04'].flatMap((d) => [
        `${pupilUpn},${d},AM,G`,
        `${pupilUpn},${d},PM,O`,
      ]),
    );
    const report = async () => {
      const res = await to.lead.get(
        `${penaltyNotices.path}?from=2024-09-02&to=2025-03-03&asOf=2025-03-03`,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { rows: { status: string; firmSessions: unknown[] }[] };
    };
    expect((await report()).rows).toEqual([]);
    expect((await importCtf(to.office, xml)).status).toBe(200);
    const after = await report();
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]).toMatchObject({ status: 'met' });
    expect(after.rows[0]?.firmSessions).toHaveLength(10);
  });
});

describe('CTF export checks', () => {
  it('refuses, naming the value, a leaver whose surname is longer than a CTF allows', async () => {
    const s = await schoolWith('2022001');
    const id = await addPupil(s, upn('202200124003'), 'S'.repeat(36));
    const res = await exportCtf(s.office, id);
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'CTfile.CTFpupilData.Pupil[0].Surname',
        message: expect.stringContaining('at most 35'),
      }),
    ]);
  });

  it('writes a surname of exactly 35 characters', async () => {
    const s = await schoolWith('2022001');
    const id = await addPupil(s, upn('202200124004'), 'S'.repeat(35));
    expect((await exportCtf(s.office, id, { lea: 'MMM', estab: 'MMMM' }, 999)).status).toBe(200);
  });

  it("refuses when the school's DfE number is not set, and a teacher may not export", async () => {
    const s = await schoolWith(null);
    const id = await addPupil(s, upn('202200124005'));
    const res = await exportCtf(s.office, id);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('DfE number');
    const { app } = createTestApp(db);
    const teacher = new TestClient(app);
    await teacher.signIn(s.school.member('teacher'));
    expect((await exportCtf(teacher, id)).status).toBe(403);
  });
});

describe('CTF import refusals', () => {
  const good = (pupilUpn: string, marksString = '/ \\ ') => `<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <DocumentName>Common Transfer File</DocumentName>
    <CTFversion>25.0</CTFversion>
    <DateTime>2025-03-01T10:00:00</DateTime>
    <DocumentQualifier>partial</DocumentQualifier>
    <SupplierID>Another MIS</SupplierID>
    <SourceSchool>
      <LEA>202</LEA>
      <Estab>2001</Estab>
      <SchoolName>Elm Primary</SchoolName>
      <AcademicYear>2024</AcademicYear>
    </SourceSchool>
    <DestSchool>
      <LEA>203</LEA>
      <Estab>4000</Estab>
    </DestSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>${pupilUpn}</UPN>
      <Surname>O’Brien-Jones</Surname>
      <Forename>Zoë</Forename>
      <DOB>2016-02-02</DOB>
      <Sex>F</Sex>
      <SENhistory><SEN><StartDate>2020-01-01</StartDate></SEN></SENhistory>
      <Attendance>
        <YearData>
          <Year>2024</Year>
          <LEA>202</LEA>
          <Estab>2001</Estab>
          <SchoolName>Elm Primary</SchoolName>
          <SessionsPossible>2</SessionsPossible>
          <SessionsAuthorised>0</SessionsAuthorised>
          <SessionsAttended>2</SessionsAttended>
          <SessionsUnauthorised>0</SessionsUnauthorised>
          <AttendSessions>
            <AttendanceStartDate>2024-09-04</AttendanceStartDate>
            <AttendanceMarks>${marksString}</AttendanceMarks>
          </AttendSessions>
        </YearData>
      </Attendance>
    </Pupil>
  </CTFpupilData>
</CTfile>
`;

  it('reads a file from another MIS, ignoring the blocks it does not use', async () => {
    const s = await schoolWith('2034000');
    const pupilUpn = upn('202200124010');
    await addPupil(s, pupilUpn);
    const res = await importCtf(s.office, good(pupilUpn), true);
    expect(res.status).toBe(200);
  });

  it.each<[string, (u: string) => string, string, RegExp]>([
    [
      'not well-formed XML',
      (u) => good(u).replace('</Surname>', '</Surnam>'),
      'line 23, XML',
      /not well-formed/,
    ],
    [
      'a UPN that fails its check letter',
      (u) => good(u).replace(`<UPN>${u}`, `<UPN>${u.slice(0, 12)}${u.endsWith('9') ? '8' : '9'}`),
      'line 22, UPN',
      /UPN check/,
    ],
    [
      'a marks string with a code that does not exist',
      (u) => good(u, '/ ZZ'),
      'line 40, AttendanceMarks',
      /"ZZ"/,
    ],
    [
      'a missing Surname',
      (u) => good(u).replace('<Surname>O’Brien-Jones</Surname>', ''),
      'line 21, Surname',
      /Surname is missing/,
    ],
    [
      'an LEA of 4 digits',
      (u) =>
        good(u).replace(
          '<LEA>202</LEA>\n      <Estab>2001</Estab>\n      <SchoolName>Elm',
          '<LEA>2020</LEA>\n      <Estab>2001</Estab>\n      <SchoolName>Elm',
        ),
      'line 10, LEA',
      /3-digit/,
    ],
    [
      'counts over 999',
      (u) => good(u).replace('<SessionsPossible>2<', '<SessionsPossible>1000<'),
      'line 34, SessionsPossible',
      /0 to 999/,
    ],
    [
      'a version Tickmark does not read',
      (u) => good(u).replace('<CTFversion>25.0', '<CTFversion>12.0'),
      'line 5, CTFversion',
      /not one Tickmark reads/,
    ],
    [
      'a document type declaration',
      (u) => good(u).replace('<CTfile>', '<!DOCTYPE CTfile [<!ENTITY a "b">]>\n<CTfile>'),
      'line 2, DOCTYPE',
      /document type/,
    ],
  ])('refuses %s with the line and the field', async (_label, edit, path, message) => {
    const s = await schoolWith('2034000');
    const pupilUpn = upn('202200124011');
    await addPupil(s, pupilUpn);
    const res = await importCtf(s.office, edit(pupilUpn));
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    const { rows } = await db.query('SELECT 1 FROM ctf_import WHERE school_id = $1', [s.school.id]);
    expect(rows).toHaveLength(0);
  });

  it('refuses a pupil not on the roll, naming them', async () => {
    const s = await schoolWith('2034000');
    const pupilUpn = upn('202200124012');
    const res = await importCtf(s.office, good(pupilUpn));
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual([
      {
        path: 'line 22, UPN',
        message: expect.stringContaining(
          `No pupil on this school's roll has the UPN ${pupilUpn} (Zoë O’Brien-Jones`,
        ),
      },
    ]);
  });
});
