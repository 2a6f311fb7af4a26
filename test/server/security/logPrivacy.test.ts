/**
 * Nothing about a pupil, and no secret, reaches the server's log (docs/design.md, "Logs"): the
 * app runs with the real logger at its most talkative level (debug, which adds request and
 * response headers) writing into memory, through sign-ins, a full register pushed, a refused
 * mark, a conflict, an amendment with a reason, pulls, a snapshot, entries, a pupil import, and
 * a GET of every endpoint the app serves as an office member and as an admin. Then the log is
 * searched for every pupil's names and UPN, the reason text, the imported pupils, every staff
 * member's name, email and password, and every session and device cookie the server handed out.
 * A second test puts each personal or secret field name where a caller might, so that dropping
 * any of the logger's redaction paths fails here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../src/server/app';
import { createLogger } from '../../../src/server/logger';
import { importFile, pupilCsv, upnOf } from '../dataFixtures';
import { TEST_PASSWORD_PARAMS, TestClient, testConfig } from '../fixtures';
import { openTestDatabase, type TestDatabase } from '../harness';
import {
  createSyncSchool,
  DATES,
  morningClock,
  signedInDevice,
  TODAY,
  type SyncSchool,
} from '../syncFixtures';
import { fillPath, registeredEndpoints } from './routeCatalogue';

// A loaded two-core machine can take a minute to open a database.
vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

let testDb: TestDatabase;
let school: SyncSchool;
const lines: string[] = [];
let secrets: string[];

const REASON = 'Hospital appointment for Zebediah';
// Pupils arriving by import, with names and UPNs found nowhere else.
const IMPORTED = [901, 902, 903].map((n) => ({ n, forename: `Ottoline${n}`, upn: upnOf(n) }));

beforeAll(async () => {
  testDb = await openTestDatabase();
  school = await createSyncSchool(testDb.db);
  // Distinctive names, a UPN and a birthday per pupil, so any of them in the log is a leak.
  const { rows } = await testDb.db.query<{ id: string }>(
    'SELECT id FROM pupil WHERE school_id = $1 ORDER BY id',
    [school.id],
  );
  for (const [i, row] of rows.entries()) {
    const n = String(i).padStart(3, '0');
    await testDb.db.query(
      `UPDATE pupil SET legal_forename = $2, legal_surname = $3, preferred_forename = $4,
              upn = $5, date_of_birth = $6 WHERE id = $1`,
      [
        row.id,
        `Quillonette${n}`,
        `Marchbanks${n}`,
        `Quilly${n}`,
        `A${'1'.repeat(8)}${n}X`,
        `2016-0${(i % 9) + 1}-1${i % 10}`,
      ],
    );
  }
  const { rows: pupils } = await testDb.db.query<{
    legal_forename: string;
    legal_surname: string;
    preferred_forename: string;
    upn: string;
  }>(
    'SELECT legal_forename, legal_surname, preferred_forename, upn FROM pupil WHERE school_id = $1',
    [school.id],
  );
  secrets = pupils.flatMap((p) => [p.legal_forename, p.legal_surname, p.preferred_forename, p.upn]);
  secrets.push('Zebediah');
  secrets.push(...IMPORTED.flatMap((p) => [p.forename, `Surname${p.n}`, p.upn]));
  for (const staff of Object.values(school.staff)) {
    secrets.push(staff.name, staff.email, staff.password);
  }
});
afterAll(async () => {
  await testDb.close();
});

describe("the server's log", () => {
  it('holds no pupil name, UPN, reason, staff detail or cookie after a day of use', async () => {
    const clock = morningClock();
    const app = createApp({
      config: testConfig({ LOG_LEVEL: 'debug' }),
      db: testDb.db,
      clock,
      logger: createLogger('debug', (line) => lines.push(line)),
      passwordParams: TEST_PASSWORD_PARAMS,
    });

    const teacher = await signedInDevice(app, school.member('teacher'), { clock });
    const pupils = school.groups[0]?.pupilIds ?? [];
    const register = teacher.register(pupils, { code: '/' });
    await teacher.pushOk(register);
    await teacher.pushOk(register); // a resend
    // A refused mark (a code a teacher may not enter) and a gap.
    await teacher.pushError(
      [teacher.event({ pupilId: school.pupil(1), code: 'C', clientSeq: 31 })],
      422,
    );
    await teacher.pushError([teacher.event({ pupilId: school.pupil(1), clientSeq: 40 })], 409);
    teacher.renumberFrom(31);
    // A second tablet disagreeing (conflict), and the office amending with a reason.
    const second = await signedInDevice(app, school.member('teacher2'), { clock });
    await second.pushOk([second.event({ pupilId: school.pupil(2), code: 'N' })]);
    const office = await signedInDevice(app, school.member('office'), { clock });
    await office.pushOk([
      office.event({
        pupilId: school.pupil(3),
        code: 'C',
        reason: REASON,
        baseEventId: register[3]?.eventId ?? null,
      }),
      office.event({ pupilId: school.pupil(4), code: 'I', date: DATES.laterInTerm }),
    ]);
    await teacher.pullAll(0, 7);
    await teacher.client.get('/api/sync/snapshot');
    await office.entries(school.pupil(3), '2025-03-01', TODAY);

    // Every endpoint, as the office and as an admin (ids filled with this school's pupil).
    const admin = new TestClient(app);
    await admin.signIn(school.member('admin'));
    await importFile(admin, 'pupils', pupilCsv(IMPORTED));
    let asked = 0;
    for (const who of [office.client, admin]) {
      for (const endpoint of registeredEndpoints(app).filter((e) => e.method === 'GET')) {
        const path = fillPath(endpoint.path, { id: school.pupil(3), pupilId: school.pupil(3) });
        await who.get(`${path}?from=2025-03-01&to=${TODAY}&date=${TODAY}&part=AM`);
        asked += 1;
      }
    }
    // A failed sign-in names an email, not a pupil; it is logged without the password.
    await new TestClient(app)
      .signIn({ ...school.member('teacher'), password: 'wrong' })
      .catch(() => null);

    // Every session and device cookie the server set (the log saw them both ways at debug).
    const cookies = [teacher.client, second.client, office.client, admin].flatMap((c) => [
      ...c.cookies.values(),
    ]);
    expect(cookies.length).toBeGreaterThanOrEqual(8);
    secrets.push(...cookies);

    expect(asked).toBeGreaterThan(10);
    // The log did record the day (the check below is not vacuous).
    expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(20);
    expect(lines.filter((l) => l.includes('"msg":"request headers"')).length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('"msg":"import finished"'))).toBe(true);
    const log = lines.join('\n');
    const found = secrets.filter((s) => log.includes(s));
    expect(found).toEqual([]);
    expect(log).not.toContain(school.pupil(3));
    expect(log).not.toContain(school.member('teacher').password);
  });

  it('censors every personal or secret field wherever a caller puts it', () => {
    const written: string[] = [];
    const logger = createLogger('debug', (line) => written.push(line));
    // Field names are listed here, not read from the logger, so removing one of its paths fails.
    const personal = [
      'name',
      'forename',
      'surname',
      'legalForename',
      'legalSurname',
      'preferredForename',
      'preferredSurname',
      'upn',
      'dateOfBirth',
      'email',
      'reason',
      'note',
      'notes',
      'password',
      'pin',
      'token',
      'cookie',
      'authorization',
    ];
    const values = new Map<string, string>();
    const leak = (where: string): string => {
      const value = `leak-${values.size}-${where}`;
      values.set(where, value);
      return value;
    };
    for (const key of personal) {
      logger.info('top level', { [key]: leak(key) });
      logger.info('nested', { pupil: { [key]: leak(`pupil.${key}`) } });
    }
    logger.debug('request headers', {
      req: { headers: { cookie: leak('req.headers.cookie'), authorization: leak('req.auth') } },
      res: { headers: { 'set-cookie': [leak('res.headers.set-cookie')] } },
    });
    const err = Object.assign(new Error('duplicate key'), {
      detail: leak('err.detail'),
      where: leak('err.where'),
    });
    logger.error('unexpected error', { err });

    const log = written.join('\n');
    expect(written).toHaveLength(personal.length * 2 + 2);
    expect([...values].filter(([, value]) => log.includes(value)).map(([where]) => where)).toEqual(
      [],
    );
    expect(log).toContain('duplicate key'); // the rest of the error is kept
  });
});
