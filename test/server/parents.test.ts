/**
 * Parents in the loop, through the API with real parts: a real SMTP server (`smtp-server`) and a
 * local server that follows Esendex's published API. Contacts are imported from a MIS export and
 * stay in the office; first-day messages go once each, however often the batch is sent; a parent
 * signs in with an emailed single-use link, sees only their own children and reports an absence;
 * accepting it changes the N through the audited event path with the parent named as the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import {
  absenceReportResponseSchema,
  absenceReportsResponseSchema,
  parentChildrenResponseSchema,
  pupilContactResponseSchema,
  pupilContactsResponseSchema,
  sendFirstDayResponseSchema,
} from '../../src/shared/api/parentSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { importFile, upnOf, uploadImport, pupilCsv } from './dataFixtures';
import { createTestApp, HOUR, MINUTE, TestClient, type ManualClock } from './fixtures';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { bodyOf, startSmtp } from './smtpServer';
import { startEsendexStandIn } from './esendexStandIn';

let t: TestDatabase;
let school: SyncSchool;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let esendex: Awaited<ReturnType<typeof startEsendexStandIn>>;
let app: ReturnType<typeof createTestApp>['app'];
let clock: ManualClock;
let admin: TestClient;
const pupilIds = new Map<number, string>();
const pid = (n: number): string => pupilIds.get(n) ?? '';

const CONTACTS = [
  'UPN,Contact Name,Relationship,Parental Responsibility,Priority,Mobile,Home Phone,Email,Language,Do Not Contact,Court Order',
  `${upnOf(1)},Amira Khan,Mother,Y,1,07700 900001,,amira@family.example,en-GB,N,`,
  `${upnOf(1)},Bilal Khan,Grandfather,N,2,07700 900011,,bilal@family.example,ur,N,`,
  `${upnOf(2)},Ciaran Doyle,Father,Y,1,07700 900002,01632 960002,ciaran@family.example,en-GB,N,`,
  `${upnOf(3)},Dana Lee,Father,Y,1,07700 900033,,dana@family.example,en-GB,N,No contact with pupil: order of 1 May 2024`,
  `${upnOf(3)},Erin Lee,Mother,Y,2,07700 900003,,erin@family.example,pl,N,`,
  `${upnOf(4)},Farah Noor,Mother,Y,1,07700 900004,,farah@family.example,en-GB,N,`,
].join('\n');

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    name: 'Harbour Primary',
    groups: [],
    staff: { admin: ['admin'], office: ['office'], teacher: ['teacher'] },
  });
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
  esendex = await startEsendexStandIn({
    reference: 'EX0012345',
    username: 'office@harbour.example',
    password: 'api secret',
  });
  ({ app, clock } = createTestApp(t.db, {
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'tickmark',
      SMTP_PASSWORD: 'relay secret',
      MAIL_FROM: 'Harbour Primary <office@harbour.example>',
      ESENDEX_ACCOUNT_REFERENCE: 'EX0012345',
      ESENDEX_USERNAME: 'office@harbour.example',
      ESENDEX_PASSWORD: 'api secret',
      ESENDEX_URL: esendex.url,
    },
  }));
  admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  await importFile(admin, 'pupils', pupilCsv(4));
  const { rows } = await t.db.query<{ id: string; upn: string }>(
    'SELECT id, upn FROM pupil WHERE school_id = $1',
    [school.id],
  );
  for (const r of rows) pupilIds.set(Number(r.upn.slice(1, 12)), r.id);
  // Pupil 1 was N on Monday morning (the clock is Tuesday 4 March 2025, 08:30).
  await importFile(admin, 'marks', `UPN,Date,Session,Code\n${upnOf(1)},2025-03-03,AM,N\n`);
});
afterAll(async () => {
  await smtp.close().catch(() => undefined);
  await esendex.close().catch(() => undefined);
  await t.close();
});

async function contactCount(): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pupil_contact WHERE school_id = $1',
    [school.id],
  );
  return rows[0]?.n ?? -1;
}

describe('contacts', () => {
  it('refuses a file with an unknown pupil or a bad row until the bad rows are skipped, storing nothing', async () => {
    const bad = `${CONTACTS}\n${upnOf(99)},Nobody Known,Mother,Y,1,07700 900099,,,,,\n${upnOf(2)},Gil Doyle,Uncle,maybe,2,,,,,,\n`;
    const job = await uploadImport(admin, 'contacts', bad);
    expect(job.preview?.rowsWithErrors).toBe(2);
    expect(job.preview?.errors.map((e) => e.message).join('\n')).toMatch(
      /no pupil with UPN T00000000099A/,
    );
    expect(job.preview?.errors.map((e) => e.message).join('\n')).toMatch(
      /parental responsibility 'maybe' is not yes or no/,
    );
    const res = await admin.post(`/api/data/imports/${job.id}/confirm`, { skipBadRows: false });
    expect(res.status).toBe(400);
    expect(await contactCount()).toBe(0);
  });

  it('refuses a file that is not a contacts CSV, and a chunk sent as another type, storing nothing', async () => {
    const pdf = await uploadImport(
      admin,
      'contacts',
      '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n',
    );
    expect(pdf.preview?.errors[0]?.row).toBeNull();
    const refused = await admin.post(`/api/data/imports/${pdf.id}/confirm`, { skipBadRows: true });
    expect(refused.status).toBe(400);
    expect(apiErrorBodySchema.parse(await refused.json()).message).toMatch(/^Nothing was imported/);
    const started = await admin.post('/api/data/imports', {
      kind: 'contacts',
      fileName: 'contacts.pdf',
    });
    const id = ((await started.json()) as { import: { id: string } }).import.id;
    const wrongType = await admin.request(
      'POST',
      `/api/data/imports/${id}/chunks?index=0`,
      undefined,
      {
        rawBody: 'not a csv',
        headers: { 'content-type': 'application/pdf' },
      },
    );
    expect(wrongType.status).toBe(415);
    const oversize = await admin.post('/api/data/imports', {
      kind: 'contacts',
      fileName: 'big.csv',
      csv: 'x'.repeat(1_100_000),
    });
    expect(oversize.status).toBe(413);
    expect(await contactCount()).toBe(0);
  });

  it('imports the MIS export and lists each pupil’s contacts in the order to call them', async () => {
    const job = await importFile(admin, 'contacts', CONTACTS);
    expect(job.result).toMatchObject({ new: 6 });
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const list = pupilContactsResponseSchema.parse(
      await (await office.get(`/api/parents/contacts?pupilId=${pid(3)}`)).json(),
    );
    expect(list.contacts.map((c) => [c.name, c.priority, c.mayContact])).toEqual([
      ['Dana Lee', 1, false],
      ['Erin Lee', 2, true],
    ]);
    // The same file again changes nothing.
    const again = await importFile(admin, 'contacts', CONTACTS);
    expect(again.result).toMatchObject({ new: 0, updated: 0, unchanged: 6 });
  });

  it('lets the office add, change and remove a contact; an unknown pupil or contact is a 404', async () => {
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const fields = {
      name: 'Hana Doyle',
      relationship: 'Aunt',
      parentalResponsibility: false,
      priority: 3,
      phones: ['07700 900022'],
      email: null,
      language: 'en-GB',
      doNotContact: false,
      courtOrder: null,
    };
    const added = await office.post('/api/parents/contacts', { ...fields, pupilId: pid(2) });
    expect(added.status).toBe(201);
    const { contact } = pupilContactResponseSchema.parse(await added.json());
    const changed = await office.request('PUT', `/api/parents/contacts/${contact.id}`, {
      ...fields,
      priority: 2,
      doNotContact: true,
    });
    expect(pupilContactResponseSchema.parse(await changed.json()).contact).toMatchObject({
      priority: 2,
      mayContact: false,
    });
    expect((await office.request('DELETE', `/api/parents/contacts/${contact.id}`)).status).toBe(
      200,
    );
    const list = pupilContactsResponseSchema.parse(
      await (await office.get(`/api/parents/contacts?pupilId=${pid(2)}`)).json(),
    );
    expect(list.contacts.map((c) => c.name)).toEqual(['Ciaran Doyle']);

    const before = await contactCount();
    const unknown = await office.post('/api/parents/contacts', {
      ...fields,
      pupilId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(
      (await office.request('PUT', `/api/parents/contacts/${contact.id}`, fields)).status,
    ).toBe(404);
    expect(
      (
        await office.post('/api/parents/contacts', {
          ...fields,
          email: 'not an email',
          pupilId: pid(2),
        })
      ).status,
    ).toBe(400);
    expect(await contactCount()).toBe(before);
  });

  it('never sends contacts to a tablet: the snapshot and pull carry no contact data', async () => {
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'));
    for (const path of [ROUTES.syncSnapshot, `${ROUTES.syncPull}?after=0&rosterVersion=0`]) {
      const res = await teacher.get(path);
      const text = await res.text();
      expect(res.status, text).toBe(200);
      for (const secret of ['Amira', 'amira@family.example', '07700', 'Grandfather', 'Court'])
        expect(text).not.toContain(secret);
    }
    // And a teacher may not read them through the office's endpoint.
    expect((await teacher.get(`/api/parents/contacts?pupilId=${pid(1)}`)).status).toBe(403);
  });
});

describe('first-day messages', () => {
  const session = { date: '2025-03-04', part: 'AM' as const };

  it('sends one email or text per family, to the first contact who may be reached, and never twice', async () => {
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const mails = smtp.received.length;
    const send = async (channel: 'sms' | 'email', ids: string[]) => {
      const res = await office.post('/api/parents/first-day-messages', {
        session,
        channel,
        pupilIds: ids,
      });
      expect(res.status).toBe(200);
      return sendFirstDayResponseSchema.parse(await res.json()).results;
    };
    expect((await send('email', [pid(1), pid(2)])).map((r) => r.outcome)).toEqual(['sent', 'sent']);
    expect((await send('sms', [pid(3)])).map((r) => r.outcome)).toEqual(['sent']);
    // A retried batch (a double click, a second office PC) sends nothing again.
    expect((await send('email', [pid(1), pid(2)])).map((r) => r.outcome)).toEqual([
      'already_sent',
      'already_sent',
    ]);
    expect((await send('sms', [pid(3)])).map((r) => r.outcome)).toEqual(['already_sent']);

    const mailed = smtp.received.slice(mails);
    expect(mailed.map((m) => m.to[0]).sort()).toEqual([
      'amira@family.example',
      'ciaran@family.example',
    ]);
    expect(bodyOf(mailed[0]?.raw ?? '')).toContain('is not in school this morning (4 March 2025)');
    // Pupil 3's first contact is under a court order: the text goes to the second, and only once.
    expect(esendex.received).toEqual([
      expect.objectContaining({
        accountReference: 'EX0012345',
        to: '447700900003',
        body: expect.stringContaining('Pupil3'),
      }),
    ]);
    const { rows } = await t.db.query<{ method: string }>(
      `SELECT method FROM first_day_contact WHERE school_id = $1 AND session_date = '2025-03-04' ORDER BY method`,
      [school.id],
    );
    expect(rows.map((r) => r.method)).toEqual(['emailed', 'emailed', 'texted']);
  });

  it('shows a refused text as failed, sends it when tried again, and refuses a batch with an unknown pupil', async () => {
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const texts = esendex.received.length;
    esendex.state.failWith = 402;
    const failed = sendFirstDayResponseSchema.parse(
      await (
        await office.post('/api/parents/first-day-messages', {
          session,
          channel: 'sms',
          pupilIds: [pid(4)],
        })
      ).json(),
    ).results;
    expect(failed[0]).toMatchObject({
      outcome: 'failed',
      problem: expect.stringMatching(/no credit left/),
    });
    esendex.state.failWith = null;
    const retried = sendFirstDayResponseSchema.parse(
      await (
        await office.post('/api/parents/first-day-messages', {
          session,
          channel: 'sms',
          pupilIds: [pid(4)],
        })
      ).json(),
    ).results;
    expect(retried[0]?.outcome).toBe('sent');
    expect(esendex.received.length).toBe(texts + 1);

    const unknown = await office.post('/api/parents/first-day-messages', {
      session,
      channel: 'sms',
      pupilIds: [pid(2), '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(404);
    expect(esendex.received.length).toBe(texts + 1);
  });
});

describe('the parent page', () => {
  async function linkFor(email: string): Promise<string> {
    const before = smtp.received.length;
    const res = await new TestClient(app).post('/api/parent/link', { email });
    expect(res.status).toBe(202);
    const mail = smtp.received.slice(before).find((m) => m.to[0] === email);
    return /\/parent#([A-Za-z0-9_-]{20,100})/.exec(bodyOf(mail?.raw ?? ''))?.[1] ?? '';
  }

  it('answers the same for an unknown address, and sends it nothing', async () => {
    const before = smtp.received.length;
    const res = await new TestClient(app).post('/api/parent/link', {
      email: 'stranger@example.com',
    });
    expect(res.status).toBe(202);
    expect(smtp.received.length).toBe(before);
    // A contact under a court order gets no link either.
    expect(await linkFor('dana@family.example')).toBe('');
  });

  it('signs a parent in once per link, shows only their children, and queues their report for the office', async () => {
    const token = await linkFor('amira@family.example');
    expect(token).not.toBe('');
    const parent = new TestClient(app);
    const signedIn = await parent.post('/api/parent/sign-in', { token });
    expect(signedIn.status).toBe(200);
    // Only her own child; Monday morning's N is one session missed of one possible this term.
    expect(parentChildrenResponseSchema.parse(await signedIn.json()).children).toEqual([
      {
        pupilId: pid(1),
        firstName: 'Pupil1',
        schoolName: 'Harbour Primary',
        language: 'en-GB',
        attendance: {
          term: { sessionsPossible: 1, sessionsMissed: 1 },
          year: { sessionsPossible: 1, sessionsMissed: 1 },
          schoolDayHours: 6.5,
          week: expect.arrayContaining([
            { date: '2025-03-03', part: 'AM', state: 'absent_no_reason' },
          ]) as unknown,
        },
      },
    ]);
    // The link works once.
    expect((await new TestClient(app).post('/api/parent/sign-in', { token })).status).toBe(410);

    const reports = async () => (await t.db.query('SELECT 1 FROM absence_report')).rows.length;
    // Another family's child, and a pupil that does not exist: the same 404, nothing stored.
    for (const other of [pid(4), '00000000-0000-4000-8000-000000000000']) {
      const res = await parent.post('/api/parent/absences', {
        pupilId: other,
        from: '2025-03-03',
        to: '2025-03-04',
        reason: 'Ill',
        expectedReturn: null,
      });
      expect(res.status).toBe(404);
    }
    const backwards = await parent.post('/api/parent/absences', {
      pupilId: pid(1),
      from: '2025-03-04',
      to: '2025-03-03',
      reason: 'Ill',
      expectedReturn: null,
    });
    expect(backwards.status).toBe(400);
    expect(await reports()).toBe(0);

    const res = await parent.post('/api/parent/absences', {
      pupilId: pid(1),
      from: '2025-03-03',
      to: '2025-03-03',
      reason: 'Sickness and a temperature',
      expectedReturn: '2025-03-04',
    });
    expect(res.status).toBe(201);
    const { report } = absenceReportResponseSchema.parse(await res.json());
    expect(report).toMatchObject({
      status: 'new',
      reportedBy: { name: 'Amira Khan', relationship: 'Mother' },
    });
    // The report changed nothing yet.
    const { rows: before } = await t.db.query<{ code: string }>(
      `SELECT code FROM register_entry WHERE pupil_id = $1 AND session_date = '2025-03-03' AND session_part = 'AM'`,
      [pid(1)],
    );
    expect(before[0]?.code).toBe('N');

    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const queue = absenceReportsResponseSchema.parse(
      await (await office.get('/api/parents/reports')).json(),
    );
    expect(queue.reports.map((r) => r.id)).toEqual([report.id]);
    const accepted = await office.post(`/api/parents/reports/${report.id}/accept`, { code: 'I' });
    expect(accepted.status).toBe(200);
    expect(absenceReportResponseSchema.parse(await accepted.json()).report).toMatchObject({
      status: 'accepted',
      entriesChanged: 1,
    });
    const { rows: events } = await t.db.query<{ code: string; reason: string; actor_role: string }>(
      `SELECT code, reason, actor_role FROM mark_event WHERE pupil_id = $1 AND session_date = '2025-03-03' ORDER BY server_seq`,
      [pid(1)],
    );
    expect(events.map((e) => e.code)).toEqual(['N', 'I']);
    expect(events[1]?.reason).toMatch(
      /^Reported by Amira Khan \(mother\) on the parent page on 4 March 2025: Sickness and a temperature/,
    );
    // Decided once: a second decision is refused.
    expect((await office.post(`/api/parents/reports/${report.id}/decline`)).status).toBe(409);

    const mine = absenceReportsResponseSchema.parse(
      await (await parent.get('/api/parent/absences')).json(),
    );
    expect(mine.reports[0]).toMatchObject({ id: report.id, status: 'accepted' });
    const { rows: audit } = await t.db.query<{ action: string }>(
      `SELECT action FROM parent_audit WHERE email = 'amira@family.example' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'link_requested',
      'signed_in',
      'absence_report_refused',
      'absence_report_refused',
      'absence_report_refused',
      'absence_reported',
    ]);
  });

  it('refuses an expired link, and a parent page request without a sign-in', async () => {
    const token = await linkFor('ciaran@family.example');
    clock.advance(31 * MINUTE);
    const res = await new TestClient(app).post('/api/parent/sign-in', { token });
    expect(res.status).toBe(410);
    expect(apiErrorBodySchema.parse(await res.json()).message).toMatch(/expired or has been used/);
    expect((await new TestClient(app).get('/api/parent/children')).status).toBe(401);
    clock.advance(2 * HOUR);
  });

  it('throttles link requests for one address with growing waits', async () => {
    const client = new TestClient(app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push(
        (await client.post('/api/parent/link', { email: 'farah@family.example' })).status,
      );
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });
});
