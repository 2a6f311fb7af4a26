/**
 * Leave of absence from request to decision to letter to the register, through the API with real
 * parts: a real SMTP server receives the decision letter as a PDF attachment, the PDFs' text is
 * extracted from the files themselves, and the marks are read back from the pupil's history.
 * A parent asks for leave for their own child on the parent page; the person the school names
 * decides; a grant enters `C` in advance by the decider; a refusal lets the office record each
 * `N` in those sessions as `G`. Bad input is refused with a 4xx and nothing stored.
 */
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import { pupilEntriesResponseSchema } from '../../src/shared/api/entrySchemas';
import {
  LEAVE_EVIDENCE_MAX_BYTES,
  leaveEvidenceResponseSchema,
  leaveQueueResponseSchema,
  leaveRequestResponseSchema,
  leaveSettingsResponseSchema,
  parentLeaveResponseSchema,
  parentLeavesResponseSchema,
} from '../../src/shared/api/leaveSchemas';
import { markRegister } from './caseworkFixtures';
import { createTestApp, TestClient, type ManualClock } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { bodyOf, startSmtp } from './smtpServer';
import { createSyncSchool, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let t: TestDatabase;
let school: SyncSchool;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let app: ReturnType<typeof createTestApp>['app'];
let clock: ManualClock;
let office: TestClient;
let lead: TestClient;
let admin: TestClient;
let amira: TestClient;
let ciaran: TestClient;

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('a wedding invitation'),
]);

async function pdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes over the buffer it is given, so it gets a copy.
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

async function parentSignedIn(email: string): Promise<TestClient> {
  const before = smtp.received.length;
  expect((await new TestClient(app).post('/api/parent/link', { email })).status).toBe(202);
  const mail = smtp.received.slice(before).find((m) => m.to[0] === email);
  const token = /\/parent#([A-Za-z0-9_-]{20,100})/.exec(bodyOf(mail?.raw ?? ''))?.[1] ?? '';
  const parent = new TestClient(app);
  expect((await parent.post('/api/parent/sign-in', { token })).status).toBe(200);
  return parent;
}

const requestCount = async () =>
  (await t.db.query('SELECT 1 FROM leave_request WHERE school_id = $1', [school.id])).rows.length;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, { name: 'Harbour Primary' });
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
  ({ app, clock } = createTestApp(t.db, {
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'tickmark',
      SMTP_PASSWORD: 'relay secret',
      MAIL_FROM: 'Harbour Primary <office@harbour.example>',
    },
  }));
  office = new TestClient(app);
  await office.signIn(school.member('office'));
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'));
  admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  const contact = {
    relationship: 'Mother',
    parentalResponsibility: true,
    priority: 1,
    phones: [],
    language: 'en-GB',
    doNotContact: false,
    courtOrder: null,
  };
  for (const [pupilId, name, email] of [
    [school.pupil(0), 'Amira Khan', 'amira@family.example'],
    [school.pupil(1), 'Ciaran Doyle', 'ciaran@family.example'],
  ] as const) {
    const res = await office.post('/api/parents/contacts', { ...contact, pupilId, name, email });
    expect(res.status).toBe(201);
  }
  amira = await parentSignedIn('amira@family.example');
  ciaran = await parentSignedIn('ciaran@family.example');
});
afterAll(async () => {
  await smtp.close().catch(() => undefined);
  await t.close();
});

describe('leave requests', () => {
  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const good = {
      pupilId: school.pupil(0),
      from: { date: '2025-03-24', part: 'AM' },
      to: { date: '2025-03-25', part: 'PM' },
      reason: 'A family wedding',
      evidence: null,
    };
    const cases: [string, TestClient, object, number, RegExp][] = [
      ['not signed in', new TestClient(app), good, 401, /not signed in/],
      [
        'an unknown pupil',
        amira,
        { ...good, pupilId: '00000000-0000-4000-8000-000000000000' },
        404,
        /not one of your children/,
      ],
      ["another family's child", amira, { ...good, pupilId: school.pupil(1) }, 404, /not one/],
      [
        'past dates',
        amira,
        { ...good, from: { date: '2025-03-03', part: 'AM' } },
        400,
        /first day is in the past/,
      ],
      [
        'backwards',
        amira,
        { ...good, to: { date: '2025-03-21', part: 'PM' } },
        400,
        /before the first/,
      ],
      [
        'a file that is not a PDF, JPEG or PNG, named as one',
        amira,
        {
          ...good,
          evidence: {
            fileName: 'invite.pdf',
            data: Buffer.from('MZ\x90\x00 not a pdf').toString('base64'),
          },
        },
        400,
        /must be a PDF, JPEG or PNG \(checked by its content/,
      ],
      [
        'a PNG named as a PDF',
        amira,
        { ...good, evidence: { fileName: 'invite.pdf', data: PNG.toString('base64') } },
        400,
        /must be a PDF, JPEG or PNG/,
      ],
      [
        'a file over 5 MB',
        amira,
        {
          ...good,
          evidence: {
            fileName: 'scan.pdf',
            data: Buffer.concat([
              Buffer.from('%PDF-1.7\n'),
              Buffer.alloc(LEAVE_EVIDENCE_MAX_BYTES),
            ]).toString('base64'),
          },
        },
        413,
        /larger than 5 MB/,
      ],
      [
        'a body far over the limit, refused before it is read',
        amira,
        { ...good, evidence: { fileName: 'scan.pdf', data: 'A'.repeat(8 * 1024 * 1024) } },
        413,
        /larger than 5 MB/,
      ],
    ];
    for (const [name, client, body, status, message] of cases) {
      const res = await client.post('/api/parent/leave', body);
      expect(res.status, name).toBe(status);
      expect(apiErrorBodySchema.parse(await res.json()).message, name).toMatch(message);
    }
    expect(await requestCount()).toBe(0);
  });

  it('goes from request to decision to letter to C entered in advance by the decider', async () => {
    const asked = await amira.post('/api/parent/leave', {
      pupilId: school.pupil(0),
      from: { date: '2025-03-24', part: 'AM' },
      to: { date: '2025-03-25', part: 'PM' },
      reason: 'My sister’s wedding in Lahore',
      evidence: { fileName: 'invitation.png', data: PNG.toString('base64') },
    });
    expect(asked.status).toBe(201);
    const { request } = parentLeaveResponseSchema.parse(await asked.json());
    expect(request).toMatchObject({ status: 'requested', evidenceName: 'invitation.png' });

    // The office sees the queue but may not decide: the attendance lead decides by default.
    const queue = leaveQueueResponseSchema.parse(
      await (await office.get('/api/leave/requests')).json(),
    );
    expect(queue).toMatchObject({ mayDecide: false, decidedBy: 'attendance_lead' });
    expect(
      queue.requests.map((r) => [r.id, r.sessions, r.rulesBroken, r.requestedBy.name]),
    ).toEqual([[request.id, 4, [], 'Amira Khan']]);
    const refused = await office.post(`/api/leave/requests/${request.id}/decide`, {
      decision: 'grant',
      reason: 'A close family wedding',
    });
    expect(refused.status).toBe(403);

    const evidence = leaveEvidenceResponseSchema.parse(
      await (await lead.get(`/api/leave/requests/${request.id}/evidence`)).json(),
    );
    expect(evidence).toEqual({
      fileName: 'invitation.png',
      mediaType: 'image/png',
      data: PNG.toString('base64'),
    });

    const mails = smtp.received.length;
    const decided = await lead.post(`/api/leave/requests/${request.id}/decide`, {
      decision: 'grant',
      reason: 'A close family wedding, with the invitation as evidence',
    });
    expect(decided.status).toBe(200);
    const after = leaveRequestResponseSchema.parse(await decided.json()).request;
    expect(after).toMatchObject({
      status: 'granted',
      entriesChanged: 4,
      hasLetter: true,
      decidedBy: { name: school.member('lead').name, role: 'attendance_lead' },
      emailed: { to: 'amira@family.example', outcome: 'sent' },
    });
    // Emailed once, to the parent who asked, with the letter attached as a PDF.
    const sent = smtp.received.slice(mails);
    expect(sent.map((m) => m.to)).toEqual([['amira@family.example']]);
    expect(sent[0]?.raw).toMatch(
      /Content-Type: application\/pdf; name=leave-decision-2025-03-24\.pdf/,
    );

    const file = await office.get(`/api/leave/requests/${request.id}/letter`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await file.arrayBuffer()));
    expect(text).toContain('Harbour Primary');
    expect(text).toContain('Leave of absence for Pupil1 Surname001: granted');
    expect(text).toContain('Dear Amira Khan,');
    expect(text).toContain('from the morning of 24 March 2025 to the afternoon of 25 March 2025');
    expect(text).toContain('(code C)');
    expect(text).toContain(`${school.member('lead').name} Attendance lead`);
    // The parent downloads the same letter; another family cannot.
    const mine = await amira.get(`/api/parent/leave/${request.id}/letter`);
    expect(mine.status).toBe(200);
    expect(await pdfText(new Uint8Array(await mine.arrayBuffer()))).toBe(text);
    expect((await ciaran.get(`/api/parent/leave/${request.id}/letter`)).status).toBe(404);
    const listed = parentLeavesResponseSchema.parse(
      await (await amira.get('/api/parent/leave')).json(),
    );
    expect(listed.requests.map((r) => [r.id, r.status, r.hasLetter])).toEqual([
      [request.id, 'granted', true],
    ]);

    // The register: C for the four sessions, entered by the attendance lead, with the reason.
    const history = pupilEntriesResponseSchema.parse(
      await (
        await lead.get(`/api/pupils/${school.pupil(0)}/entries?from=2025-03-24&to=2025-03-25`)
      ).json(),
    );
    expect(history.entries.map((e) => `${e.session.date}:${e.session.part}:${e.code}`)).toEqual([
      '2025-03-24:AM:C',
      '2025-03-24:PM:C',
      '2025-03-25:AM:C',
      '2025-03-25:PM:C',
    ]);
    for (const entry of history.entries) {
      expect(entry.original.by).toMatchObject({
        name: school.member('lead').name,
        role: 'attendance_lead',
      });
      expect(entry.events[0]?.reason).toMatch(
        /^Leave granted by .+ on 4 March 2025, asked for by Amira Khan \(mother\) on the parent page: A close family wedding/,
      );
    }
    // Decided once.
    expect(
      (
        await lead.post(`/api/leave/requests/${request.id}/decide`, {
          decision: 'refuse',
          reason: 'Changed my mind',
        })
      ).status,
    ).toBe(409);
    const { rows: audit } = await t.db.query<{ action: string }>(
      `SELECT action FROM parent_audit WHERE email = 'amira@family.example' AND action LIKE 'leave%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      ...Array<string>(7).fill('leave_request_refused'),
      'leave_requested',
      'leave_letter_downloaded',
    ]);
  });

  it('lets the school name who decides; a refusal breaks rules shown, and an N then is recorded G', async () => {
    const saved = await admin.request('PUT', '/api/leave/settings', {
      decidedBy: 'admin',
      noticeSchoolDays: 10,
      autumnStartSchoolDays: 10,
      blackouts: [{ name: 'KS2 tests week', from: '2025-05-12', to: '2025-05-15' }],
      minAttendancePercent: 90,
    });
    expect(saved.status).toBe(200);
    expect(leaveSettingsResponseSchema.parse(await saved.json()).rules.decidedBy).toBe('admin');

    const asked = await amira.post('/api/parent/leave', {
      pupilId: school.pupil(0),
      from: { date: '2025-03-06', part: 'AM' },
      to: { date: '2025-03-06', part: 'PM' },
      reason: 'Cheaper flights on Thursday',
      evidence: null,
    });
    expect(asked.status).toBe(201);
    const { request } = parentLeaveResponseSchema.parse(await asked.json());
    const queue = leaveQueueResponseSchema.parse(
      await (await lead.get('/api/leave/requests')).json(),
    );
    expect(queue.mayDecide).toBe(false);
    expect(queue.requests[0]?.rulesBroken.map((r) => r.rule)).toEqual(['notice']);
    const notLead = await lead.post(`/api/leave/requests/${request.id}/decide`, {
      decision: 'refuse',
      reason: 'Too late',
    });
    expect(notLead.status).toBe(403);
    expect(apiErrorBodySchema.parse(await notLead.json()).message).toMatch(
      /leave is decided by the head teacher \(an administrator\)/,
    );
    const decided = await admin.post(`/api/leave/requests/${request.id}/decide`, {
      decision: 'refuse',
      reason:
        'The request came with less than ten school days’ notice, and cheaper flights are not exceptional',
    });
    expect(decided.status).toBe(200);
    const refused = leaveRequestResponseSchema.parse(await decided.json()).request;
    expect(refused).toMatchObject({ status: 'refused', entriesChanged: 0 });
    expect(refused.rulesBroken.map((r) => r.rule)).toEqual(['notice']);
    // Nothing entered in advance for refused leave.
    expect(
      (
        await t.db.query('SELECT 1 FROM register_entry WHERE pupil_id = $1 AND session_date = $2', [
          school.pupil(0),
          '2025-03-06',
        ])
      ).rows,
    ).toEqual([]);
    const text = await pdfText(
      new Uint8Array(
        await (await amira.get(`/api/parent/leave/${request.id}/letter`)).arrayBuffer(),
      ),
    );
    expect(text).toContain('Leave of absence for Pupil1 Surname001: refused');
    expect(text).toContain('(code G)');
    expect(text).toContain('On behalf of the head teacher');

    // Thursday comes: absent in the morning (N), in school in the afternoon.
    clock.set('2025-03-06T16:00:00Z');
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    await markRegister(
      t.db,
      school,
      school.member('teacher'),
      school.pupil(0),
      '2025-03-06',
      '2025-03-06',
      (_d, part) => (part === 'AM' ? 'N' : '/'),
    );
    const recorded = await office.post(`/api/leave/requests/${request.id}/record-absences`);
    expect(recorded.status).toBe(200);
    expect(leaveRequestResponseSchema.parse(await recorded.json()).request.entriesChanged).toBe(1);
    const history = pupilEntriesResponseSchema.parse(
      await (
        await office.get(`/api/pupils/${school.pupil(0)}/entries?from=2025-03-06&to=2025-03-06`)
      ).json(),
    );
    expect(history.entries.map((e) => `${e.session.part}:${e.code}`)).toEqual(['AM:G', 'PM:/']);
    expect(history.entries[0]?.amendments[0]).toMatchObject({
      from: { code: 'N' },
      to: { code: 'G' },
      by: { name: school.member('office').name, role: 'office' },
    });
    expect(history.entries[0]?.amendments[0]?.reason).toMatch(
      /^Absent during leave refused by .+ on 4 March 2025: The request came with less than ten/,
    );
    // Granted leave is never recorded G.
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM leave_request WHERE status = 'granted' AND school_id = $1`,
      [school.id],
    );
    expect(
      (await office.post(`/api/leave/requests/${rows[0]?.id ?? ''}/record-absences`)).status,
    ).toBe(409);
  });
});
