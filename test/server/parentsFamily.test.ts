/**
 * Parents in their own language, with real parts: a sign-in code texted through a local server
 * that follows Esendex's published API; the school's first-day wording per language, checked on
 * save and used for a Polish family; and a reply to a first-day email, sent through a real SMTP
 * server (`smtp-server`), built with nodemailer's own MIME composer as a mail program would, and
 * posted to the inbound route as a mail provider does, landing in the pupil's record.
 */
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import {
  pupilRepliesResponseSchema,
  wordingResponseSchema,
} from '../../src/shared/api/familySchemas';
import {
  parentChildrenResponseSchema,
  sendFirstDayResponseSchema,
} from '../../src/shared/api/parentSchemas';
import { importFile, pupilCsv, upnOf } from './dataFixtures';
import { startEsendexStandIn } from './esendexStandIn';
import { createTestApp, MINUTE, TestClient, type ManualClock } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { startSmtp } from './smtpServer';
import { createSyncSchool, type SyncSchool } from './syncFixtures';

const SECRET = 'a-long-inbound-secret-for-the-tests-0123';
let t: TestDatabase;
let school: SyncSchool;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let esendex: Awaited<ReturnType<typeof startEsendexStandIn>>;
let app: ReturnType<typeof createTestApp>['app'];
let clock: ManualClock;
let office: TestClient;
const pupilIds = new Map<number, string>();
const pid = (n: number): string => pupilIds.get(n) ?? '';

const CONTACTS = [
  'UPN,Contact Name,Relationship,Parental Responsibility,Priority,Mobile,Home Phone,Email,Language,Do Not Contact,Court Order',
  `${upnOf(1)},Amira Khan,Mother,Y,1,07700 900001,,amira@family.example,en-GB,N,`,
  `${upnOf(2)},Erin Nowak,Mother,Y,1,+44 7700 900002,,erin@family.example,pl,N,`,
  `${upnOf(3)},Dana Lee,Father,Y,1,07700 900033,,dana@family.example,en-GB,N,No contact: order of 1 May 2024`,
  `${upnOf(4)},Gil Moss,Uncle,N,1,07700 900044,,gil@family.example,en-GB,N,`,
].join('\n');

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    name: 'Harbour Primary',
    groups: [],
    staff: { admin: ['admin'], office: ['office'] },
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
      MAIL_REPLY_TO: 'replies@inbound.harbour.example',
      INBOUND_MAIL_SECRET: SECRET,
      ESENDEX_ACCOUNT_REFERENCE: 'EX0012345',
      ESENDEX_USERNAME: 'office@harbour.example',
      ESENDEX_PASSWORD: 'api secret',
      ESENDEX_URL: esendex.url,
    },
  }));
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  await importFile(admin, 'pupils', pupilCsv(4));
  const { rows } = await t.db.query<{ id: string; upn: string }>(
    'SELECT id, upn FROM pupil WHERE school_id = $1',
    [school.id],
  );
  for (const r of rows) pupilIds.set(Number(r.upn.slice(1, 12)), r.id);
  // Pupil 1 was N on Monday morning and I on Monday afternoon (the clock: Tuesday 4 March 2025).
  await importFile(
    admin,
    'marks',
    `UPN,Date,Session,Code\n${upnOf(1)},2025-03-03,AM,N\n${upnOf(1)},2025-03-03,PM,I\n`,
  );
  await importFile(admin, 'contacts', CONTACTS);
  office = new TestClient(app);
  await office.signIn(school.member('office'));
});
afterAll(async () => {
  await smtp.close().catch(() => undefined);
  await esendex.close().catch(() => undefined);
  await t.close();
});

const codeIn = (body: string | undefined): string =>
  /^([0-9]{6}) is your code/.exec(body ?? '')?.[1] ?? '';

async function askForCode(phone: string): Promise<{ status: number; code: string }> {
  const before = esendex.received.length;
  const res = await new TestClient(app).post('/api/parent/code', { phone });
  const texts = esendex.received.slice(before);
  expect(texts.length).toBeLessThanOrEqual(1);
  return { status: res.status, code: codeIn(texts[0]?.body) };
}

describe('signing in with a code by text', () => {
  it('texts a six-digit code once, keeps only its hash, and signs the parent in with the same session as a link', async () => {
    const before = esendex.received.length;
    const { status, code } = await askForCode('07700 900001');
    expect(status).toBe(202);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(esendex.received.slice(before)).toEqual([
      expect.objectContaining({
        to: '447700900001',
        body: expect.stringContaining('Harbour Primary'),
      }),
    ]);
    const { rows } = await t.db.query<{ code_hash: string; phone: string }>(
      'SELECT code_hash, phone FROM parent_code',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.phone).toBe('+447700900001');
    expect(rows[0]?.code_hash).not.toContain(code);

    const parent = new TestClient(app);
    const wrong = await parent.post('/api/parent/code/sign-in', {
      phone: '07700 900001',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect(apiErrorBodySchema.parse(await wrong.json()).reason).toBe('code_invalid');
    // Typed with spaces and +44, the number is the same number.
    const right = await parent.post('/api/parent/code/sign-in', { phone: '+44 7700 900001', code });
    expect(right.status).toBe(200);
    const { children } = parentChildrenResponseSchema.parse(await right.json());
    expect(children.map((c) => c.pupilId)).toEqual([pid(1)]);
    // The session is the parent page's own: the children and the reports answer.
    expect((await parent.get('/api/parent/children')).status).toBe(200);
    expect((await parent.get('/api/parent/absences')).status).toBe(200);
    // Single use.
    const again = await new TestClient(app).post('/api/parent/code/sign-in', {
      phone: '07700 900001',
      code,
    });
    expect(again.status).toBe(401);
    const { rows: audit } = await t.db.query<{ action: string }>(
      `SELECT action FROM parent_audit WHERE email = 'tel:+447700900001' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'code_requested',
      'code_refused',
      'signed_in',
      'code_refused',
    ]);
  });

  it('kills a code after five wrong tries, and refuses one past its ten minutes', async () => {
    const first = await askForCode('07700 900001');
    const parent = new TestClient(app);
    const wrongCode = first.code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i += 1) {
      const res = await parent.post('/api/parent/code/sign-in', {
        phone: '07700 900001',
        code: wrongCode,
      });
      expect(res.status).toBe(401);
    }
    const dead = await parent.post('/api/parent/code/sign-in', {
      phone: '07700 900001',
      code: first.code,
    });
    expect(dead.status).toBe(401);

    const second = await askForCode('07700 900001');
    clock.advance(11 * MINUTE);
    const late = await parent.post('/api/parent/code/sign-in', {
      phone: '07700 900001',
      code: second.code,
    });
    expect(late.status).toBe(401);
    expect((await parent.get('/api/parent/children')).status).toBe(401);
  });

  it('answers the same for an unknown number, a restricted contact and a contact without PR, and texts none of them', async () => {
    const before = esendex.received.length;
    for (const phone of ['07700 900999', '07700 900033', '07700 900044']) {
      expect((await askForCode(phone)).status).toBe(202);
    }
    expect(esendex.received.length).toBe(before);
    // A landline cannot take a text: a clear 400, nothing stored.
    const landline = await new TestClient(app).post('/api/parent/code', { phone: '01632 960000' });
    expect(landline.status).toBe(400);
    expect(apiErrorBodySchema.parse(await landline.json()).message).toMatch(/not a mobile number/);
  });

  it('limits codes for one number: three, then a wait, with no text sent', async () => {
    const before = esendex.received.length;
    for (let i = 0; i < 3; i += 1) expect((await askForCode('07700 900002')).status).toBe(202);
    const fourth = await askForCode('07700 900002');
    expect(fourth.status).toBe(429);
    expect(esendex.received.length).toBe(before + 3);
  });
});

describe('the school’s wording per language', () => {
  it('starts with the wording Tickmark ships in each language', async () => {
    const res = await office.get('/api/parents/wording');
    expect(res.status).toBe(200);
    const wording = wordingResponseSchema.parse(await res.json());
    expect(wording.languages.map((l) => [l.language, l.name, l.saved])).toEqual([
      ['en-GB', 'English', false],
      ['pl', 'Polish', false],
    ]);
    expect(wording.languages[1]?.wording.smsBody).toContain('nie ma w szkole');
  });

  it('refuses an unknown merge field, naming it and the fields there are, and stores nothing', async () => {
    const res = await office.request('PUT', '/api/parents/wording/pl', {
      schoolPhone: '01632 960000',
      smsBody: '{imie} nie ma w szkole. Prosimy o kontakt: {school_phone}.',
      emailSubject: 'Nieobecność: {first_name}',
      emailBody: 'Prosimy o kontakt: {school_phone}.',
    });
    expect(res.status).toBe(400);
    expect(apiErrorBodySchema.parse(await res.json()).message).toContain(
      'The text message uses {imie}, which is not a merge field. Use {first_name}, {session}, {school_phone}',
    );
    const { rows } = await t.db.query('SELECT 1 FROM parent_message_wording');
    expect(rows).toHaveLength(0);
    // The older settings endpoint keeps the same rule.
    const old = await office.request('PUT', '/api/parents/message-settings', {
      schoolPhone: '01632 960000',
      smsBody: 'Call {phone}',
      emailSubject: 'Absence',
      emailBody: 'Hello',
    });
    expect(old.status).toBe(400);
  });

  it('saves a language’s wording with the school’s phone, and a Polish family is written to in Polish', async () => {
    const saved = await office.request('PUT', '/api/parents/wording/pl', {
      schoolPhone: '01632 960000',
      smsBody: '{first_name}: nieobecność ({session}). Prosimy o telefon: {school_phone}.',
      emailSubject: 'Nieobecność: {first_name}',
      emailBody:
        'Szanowni Państwo,\n\n{first_name} nie ma w szkole ({session}). Prosimy o telefon: {school_phone}.',
    });
    expect(saved.status).toBe(200);
    const wording = wordingResponseSchema.parse(await saved.json());
    expect(wording.schoolPhone).toBe('01632 960000');
    // The phone is kept with the English wording, which is stored (unchanged) with it.
    expect(wording.languages.map((l) => l.saved)).toEqual([true, true]);
    expect(wording.languages[0]?.wording.smsBody).toContain('is not in school this {session}');

    const before = esendex.received.length;
    const res = await office.post('/api/parents/first-day-messages', {
      session: { date: '2025-03-04', part: 'AM' },
      channel: 'sms',
      pupilIds: [pid(2), pid(1)],
    });
    expect(
      sendFirstDayResponseSchema.parse(await res.json()).results.map((r) => r.outcome),
    ).toEqual(['sent', 'sent']);
    const texts = esendex.received.slice(before);
    expect(texts.find((m) => m.to === '447700900002')?.body).toBe(
      'Pupil2: nieobecność (rano, 4 marca 2025). Prosimy o telefon: 01632 960000.',
    );
    // The English-speaking family reads the en-GB wording, with the school's phone.
    expect(texts.find((m) => m.to === '447700900001')?.body).toBe(
      'Pupil1 is not in school this morning (4 March 2025) and we have not heard why. Please contact 01632 960000 today.',
    );
  });
});

describe('replies to first-day emails', () => {
  let sentRaw = '';

  it('sends each first-day email with a Reply-To and Message-ID that name the message', async () => {
    const before = smtp.received.length;
    const res = await office.post('/api/parents/first-day-messages', {
      session: { date: '2025-03-04', part: 'AM' },
      channel: 'email',
      pupilIds: [pid(1)],
    });
    expect(sendFirstDayResponseSchema.parse(await res.json()).results[0]?.outcome).toBe('sent');
    const mail = smtp.received.slice(before)[0];
    sentRaw = mail?.raw ?? '';
    const parsed = await simpleParser(sentRaw);
    const replyTo = parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^replies\+[a-z0-9]{32}@inbound\.harbour\.example$/);
    expect(parsed.messageId).toMatch(/^<first-day\.[a-z0-9]{32}@tickmark\.invalid>$/);
  });

  async function replyTo(
    raw: string,
    text: string,
    options: { from?: string; messageId?: string } = {},
  ) {
    const original = await simpleParser(raw);
    return (
      await new MailComposer({
        from: options.from ?? 'Amira Khan <amira@family.example>',
        to: original.replyTo?.text ?? '',
        subject: `Re: ${original.subject ?? ''}`,
        inReplyTo: original.messageId ?? '',
        references: original.messageId ?? '',
        messageId: options.messageId ?? '<reply-1@family.example>',
        text: `${text}\n\nOn Tue, 4 Mar 2025, Harbour Primary wrote:\n> ${original.text?.split('\n')[0] ?? ''}`,
      })
        .compile()
        .build()
    ).toString('utf8');
  }

  const post = (raw: string, authorization: string | null) =>
    new TestClient(app).request('POST', '/api/parents/inbound-email', undefined, {
      rawBody: raw,
      // A provider posts from its own servers: no Origin, no cookie.
      origin: null,
      headers: {
        'content-type': 'message/rfc822',
        ...(authorization === null ? {} : { authorization }),
      },
    });

  const replies = async () =>
    pupilRepliesResponseSchema.parse(
      await (await office.get(`/api/parents/replies?pupilId=${pid(1)}`)).json(),
    ).replies;

  it('refuses a post without the shared secret, or with a wrong one, and files nothing', async () => {
    const raw = await replyTo(sentRaw, 'She has a temperature.');
    expect((await post(raw, null)).status).toBe(401);
    expect((await post(raw, 'Bearer not-the-secret-at-all-000000')).status).toBe(401);
    const wrongType = await new TestClient(app).request(
      'POST',
      '/api/parents/inbound-email',
      undefined,
      {
        rawBody: raw,
        origin: null,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${SECRET}` },
      },
    );
    expect(wrongType.status).toBe(415);
    expect(await replies()).toEqual([]);
  });

  it('files a reply in the pupil’s record against its message, once however often it is posted', async () => {
    const raw = await replyTo(
      sentRaw,
      'Sorry, she has a temperature and will be back on Thursday.',
    );
    const basic = `Basic ${Buffer.from(`mailprovider:${SECRET}`).toString('base64')}`;
    const first = await post(raw, basic);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'filed' });
    const again = await post(raw, `Bearer ${SECRET}`);
    expect(await again.json()).toEqual({ status: 'already_filed' });
    const list = await replies();
    expect(list).toHaveLength(1);
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM parent_message WHERE pupil_id = $1 AND channel = 'email'`,
      [pid(1)],
    );
    expect(list[0]).toMatchObject({
      messageId: rows[0]?.id,
      session: { date: '2025-03-04', part: 'AM' },
      from: 'amira@family.example',
      fromContact: true,
      subject: 'Re: Absence: Pupil1 is not in school',
      text: expect.stringContaining('she has a temperature and will be back on Thursday'),
    });
    // Another pupil's record has none of it.
    const other = pupilRepliesResponseSchema.parse(
      await (await office.get(`/api/parents/replies?pupilId=${pid(2)}`)).json(),
    );
    expect(other.replies).toEqual([]);
  });

  it('finds the message by In-Reply-To when the reply went to another address, and says when another sender wrote', async () => {
    const raw = (
      await new MailComposer({
        from: 'grandad@family.example',
        to: 'office@harbour.example',
        subject: 'Re: Absence',
        inReplyTo: (await simpleParser(sentRaw)).messageId ?? '',
        messageId: '<reply-2@family.example>',
        text: 'Her mum is at the hospital with her.',
      })
        .compile()
        .build()
    ).toString('utf8');
    expect((await post(raw, `Bearer ${SECRET}`)).status).toBe(202);
    expect((await replies())[0]).toMatchObject({
      from: 'grandad@family.example',
      fromContact: false,
    });
  });

  it('answers 404 for a reply to no message Tickmark sent, and 400 for an empty post, filing nothing', async () => {
    const stray = (
      await new MailComposer({
        from: 'someone@example.com',
        to: 'replies+00000000000000000000000000000000@inbound.harbour.example',
        subject: 'Hello',
        text: 'Hello',
      })
        .compile()
        .build()
    ).toString('utf8');
    const res = await post(stray, `Bearer ${SECRET}`);
    expect(res.status).toBe(404);
    expect(apiErrorBodySchema.parse(await res.json()).message).toMatch(
      /answers no first-day message/,
    );
    expect((await post(' ', `Bearer ${SECRET}`)).status).toBe(400);
    expect(await replies()).toHaveLength(2);
  });
});

describe('attendance on the parent page', () => {
  it('gives the school’s hours in a day and this week’s sessions with their marks', async () => {
    clock.set('2025-03-04T12:00:00Z');
    const { code } = await askForCode('07700 900001');
    const parent = new TestClient(app);
    const res = await parent.post('/api/parent/code/sign-in', { phone: '07700 900001', code });
    const child = parentChildrenResponseSchema.parse(await res.json()).children[0];
    expect(child?.attendance.schoolDayHours).toBe(6.5);
    expect(child?.attendance.year).toEqual({ sessionsPossible: 2, sessionsMissed: 2 });
    expect(child?.attendance.week.map((s) => `${s.date} ${s.part} ${s.state}`)).toEqual([
      '2025-03-03 AM absent_no_reason',
      '2025-03-03 PM absent_authorised',
      '2025-03-04 AM not_marked',
      '2025-03-04 PM not_marked',
      '2025-03-05 AM to_come',
      '2025-03-05 PM to_come',
      '2025-03-06 AM to_come',
      '2025-03-06 PM to_come',
      // The test school's calendar closes on Friday 7 March.
      '2025-03-07 AM closed',
      '2025-03-07 PM closed',
    ]);
  });
});
