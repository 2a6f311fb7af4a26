/**
 * Every kind of bad row an import refuses, each with its message: what was wrong, where (row and
 * column), and how to put it right. A preview writes nothing, so one school serves every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import {
  importFile,
  openDataDatabase,
  PUPIL_HEADER,
  pupilCsv,
  pupilLine,
  upnOf,
  uploadImport,
} from './dataFixtures';

let testDb: TestDatabase;
let db: Database;
let school: SyncSchool;
let admin: TestClient;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
  school = await createSyncSchool(db, { groups: [] });
  const { app } = createTestApp(db);
  admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  // Pupils 1–3 on roll from 1 September 2023; pupil 4 left on 31 October 2024.
  await importFile(
    admin,
    'pupils',
    pupilCsv([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4, leaving: '31/10/2024' }]),
  );
});
afterAll(async () => {
  await testDb.close();
});

async function messagesOf(kind: 'pupils' | 'staff' | 'marks', csv: string): Promise<string[]> {
  const job = await uploadImport(admin, kind, csv);
  return job.preview?.errors.map((e) => e.message) ?? [];
}

/** A good pupil line with one cell replaced (cells as in PUPIL_HEADER). */
function pupilWith(column: string, value: string, n = 50): string {
  const cells = pupilLine({ n }).split(',');
  cells[PUPIL_HEADER.split(',').indexOf(column)] = value;
  return `${PUPIL_HEADER}\n${pupilLine({ n: 51 })}\n${cells.join(',')}\n`;
}

describe('pupil rows', () => {
  it.each([
    [
      'UPN',
      'A12345',
      "row 3: UPN 'A12345' is not a UPN: a UPN is 13 characters, a letter, 11 digits, then a digit or letter",
    ],
    ['UPN', '', 'row 3: UPN is missing'],
    ['Legal Surname', '', 'row 3: legal surname is missing'],
    [
      'Legal Forename',
      'x'.repeat(101),
      `row 3: legal forename '${'x'.repeat(101)}' is longer than 100 characters`,
    ],
    [
      'Date of Birth',
      '2016/13/45',
      "row 3: date of birth '2016/13/45' is not a date: write it as dd/MM/yyyy (31/01/2015) or yyyy-MM-dd (2015-01-31)",
    ],
    [
      'Date of Birth',
      '30/02/2016',
      "row 3: date of birth '30/02/2016' is not a real calendar date",
    ],
    ['Year Group', 'Year Seven', "row 3: year group 'Year Seven' is not one of N1, N2, R, 1–13"],
    ['Year Group', '14', "row 3: year group '14' is not one of N1, N2, R, 1–13"],
    ['Registration Group', '', 'row 3: registration group is missing'],
    [
      'Admission Date',
      'soon',
      "row 3: admission date 'soon' is not a date: write it as dd/MM/yyyy (31/01/2015) or yyyy-MM-dd (2015-01-31)",
    ],
    [
      'Admission Date',
      '01/01/2010',
      "row 3: admission date '01/01/2010' is before the date of birth",
    ],
    [
      'Leaving Date',
      '01/01/2023',
      "row 3: leaving date '01/01/2023' is before the admission date '01/09/2023'",
    ],
    ['SEND', 'maybe', "row 3: SEND 'maybe' is not yes or no: write Y or N (blank means no)"],
    ['FSM', '2', "row 3: FSM '2' is not yes or no: write Y or N (blank means no)"],
    [
      'Looked After',
      'perhaps',
      "row 3: looked-after 'perhaps' is not yes or no: write Y or N (blank means no)",
    ],
    [
      'Social Worker',
      '?',
      "row 3: social worker '?' is not yes or no: write Y or N (blank means no)",
    ],
  ])('%s %j', async (column, value, message) => {
    expect(await messagesOf('pupils', pupilWith(column, value))).toEqual([message]);
  });

  it('names a UPN given twice on its second row', async () => {
    const csv = pupilCsv([{ n: 60 }, { n: 61 }, { n: 60 }]);
    expect(await messagesOf('pupils', csv)).toEqual([
      `row 4: UPN '${upnOf(60)}' is already on row 2; each pupil must appear once`,
    ]);
  });

  it('refuses a file without a required column, naming it', async () => {
    const csv = 'UPN,Forename,Surname,DOB,Year\nT00000000001A,Ann,Lee,01/01/2016,3\n';
    const job = await uploadImport(admin, 'pupils', csv);
    expect(job.preview?.errors.map((e) => e.message)).toEqual([
      "the file has no registration group column: add a column headed 'Registration Group'",
    ]);
    expect(job.preview?.changes.leavers).toBe(0);
  });

  it('accepts common header spellings in any case, and both date forms', async () => {
    const csv =
      'upn,FORENAME,surname,dob,NC Year,Reg Group,date of admission\nT00000000070A,Ann,Lee,2016-01-31,R,RA,01/09/2021\n';
    const job = await uploadImport(admin, 'pupils', csv);
    expect(job.preview?.errors).toEqual([]);
    expect(job.preview?.changes.new).toBe(1);
    expect(job.preview?.columns.map((c) => c.field)).toEqual([
      'upn',
      'legalForename',
      'legalSurname',
      'dateOfBirth',
      'yearGroup',
      'registrationGroup',
      'admissionDate',
    ]);
  });
});

describe('staff rows', () => {
  const header = 'Name,Email,Roles,Groups';
  it.each([
    ['Ann Lee,not-an-email,teacher,', "row 2: email 'not-an-email' is not an email address"],
    [
      'Ann Lee,ann@school.example,headteacher,',
      "row 2: roles 'headteacher' names 'headteacher', which is not a role: use teacher, office, attendance lead or admin",
    ],
    [',ann@school.example,teacher,', 'row 2: name is missing'],
    [
      'Ann Lee,ann@school.example,office,1A',
      "row 2: groups are given but the roles do not include teacher; only teachers take a group's register",
    ],
    [
      'Ann Lee,ann@school.example,teacher,Class Nine',
      `row 2: group 'Class Nine' does not exist at SCHOOL; import the pupils (which creates their groups) first, or correct the name`,
    ],
  ])('%s', async (line, message) => {
    expect(await messagesOf('staff', `${header}\n${line}\n`)).toEqual([
      message.replace('SCHOOL', school.name),
    ]);
  });

  it('names an email given twice', async () => {
    expect(
      await messagesOf(
        'staff',
        `${header}\nA,a@school.example,teacher,\nB,A@School.example,office,\n`,
      ),
    ).toEqual([
      "row 3: email 'a@school.example' is already on row 2; each person must appear once",
    ]);
  });

  it('refuses an email that belongs to another organisation', async () => {
    const other = await createSyncSchool(db, { groups: [] });
    const email = other.member('teacher').email;
    expect(await messagesOf('staff', `${header}\nA,${email},teacher,\n`)).toEqual([
      `row 2: email '${email}' belongs to an account of another organisation; use the person's address at this school`,
    ]);
  });
});

describe('mark rows', () => {
  const header = 'UPN,Date,Session,Code,Minutes late';
  it.each([
    [
      `${upnOf(99)},2024-11-12,AM,/,`,
      `row 2: UPN '${upnOf(99)}' is not a pupil at SCHOOL; import the pupils first`,
    ],
    [`${upnOf(1)},12/11/2024,Evening,/,`, "row 2: session 'Evening' is not AM or PM"],
    [`${upnOf(1)},12/11/2024,AM,,`, 'row 2: code is missing'],
    [`${upnOf(1)},12/11/2024,AM,ZZ,`, "row 2: code 'ZZ' is not an attendance code"],
    [
      `${upnOf(1)},12/11/2024,AM,H,`,
      "row 2: code 'H' was withdrawn on 19 August 2024; use C for leave in exceptional circumstances",
    ],
    [
      `${upnOf(1)},10/07/2024,AM,Y1,`,
      "row 2: code 'Y1' came into use on 19 August 2024, after this session (10 July 2024); use Y for unable to attend",
    ],
    [
      `${upnOf(1)},12/11/2024,AM,/,5`,
      "row 2: minutes late can only be recorded with L or U, not with '/'",
    ],
    [
      `${upnOf(1)},12/11/2024,AM,L,five`,
      "row 2: minutes late 'five' is not a whole number of minutes (0 or more)",
    ],
    [
      `${upnOf(1)},16/11/2024,AM,/,`,
      'row 2: 2024-11-16 is not a school day at SCHOOL (weekend, holiday or outside a term)',
    ],
    [
      `${upnOf(4)},12/11/2024,AM,/,`,
      `row 2: UPN '${upnOf(4)}' was not on roll on 2024-11-12 (on roll 2023-09-01 to 2024-10-31)`,
    ],
    [
      `${upnOf(1)},12-11-2024x,AM,/,`,
      "row 2: date '12-11-2024x' is not a date: write it as dd/MM/yyyy (31/01/2015) or yyyy-MM-dd (2015-01-31)",
    ],
  ])('%s', async (line, message) => {
    expect(await messagesOf('marks', `${header}\n${line}\n`)).toEqual([
      message.replace('SCHOOL', school.name),
    ]);
  });

  it('names a session given twice', async () => {
    expect(
      await messagesOf(
        'marks',
        `${header}\n${upnOf(1)},12/11/2024,AM,/,\n${upnOf(1)},2024-11-12,am,N,\n`,
      ),
    ).toEqual([
      `row 3: UPN '${upnOf(1)}' already has a mark for 2024-11-12 AM on row 2; give each session once`,
    ]);
  });

  it('accepts 2006 codes before 19 August 2024', async () => {
    const job = await uploadImport(
      admin,
      'marks',
      `${header}\n${upnOf(1)},10/07/2024,AM,H,\n${upnOf(1)},10/07/2024,PM,Y,\n`,
    );
    expect(job.preview?.errors).toEqual([]);
    expect(job.preview?.changes.new).toBe(2);
  });
});
