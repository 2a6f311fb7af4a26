/**
 * Account links by email, through a real SMTP server the test starts (`smtp-server`, from the
 * nodemailer project): the message arrives, to the person, with a link that sets the password.
 * A mail server that is down is a failure the admin sees (502, saying why), and nothing is
 * written: the earlier link still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkSentResponseSchema,
  staffAccountResponseSchema,
  staffListResponseSchema,
} from '../../src/shared/api/accountSchemas';
import { routePath } from '../../src/shared/api/routes';
import { createTestApp, createTestSchool, TestClient, type TestSchool } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { bodyOf, startSmtp } from './smtpServer';
import * as accountApi from '../../src/shared/api/endpoints/accountEndpoints';

function smtpEnv(): Record<string, string> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_USER: 'tickmark',
    SMTP_PASSWORD: 'relay secret',
    MAIL_FROM: 'Tickmark <tickmark@harbour.example>',
  };
}

let t: TestDatabase;
let school: TestSchool;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { name: 'Harbour Primary', staff: { admin: ['admin'] } });
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
});
afterAll(async () => {
  await smtp.close().catch(() => undefined);
  await t.close();
});

describe('account links by email', () => {
  it('sends the invitation to the person, and its link sets the password', async () => {
    const { app } = createTestApp(t.db, { env: smtpEnv() });
    const admin = new TestClient(app);
    await admin.signIn(school.staff.admin ?? { email: '', password: '' });
    const list = staffListResponseSchema.parse(
      await (await admin.get(accountApi.listStaff.path)).json(),
    );
    expect(list.mail).toBe('email');

    const added = await admin.post(accountApi.listStaff.path, {
      name: 'Margaret Hamilton',
      email: 'margaret@harbour.example',
      roles: ['teacher'],
    });
    const id = staffAccountResponseSchema.parse(await added.json()).staff.id;
    const res = await admin.post(routePath(accountApi.sendStaffLink.path, { id }));
    expect(res.status).toBe(200);
    const sent = linkSentResponseSchema.parse(await res.json());
    // By email, the link is not shown to the admin.
    expect(sent).toMatchObject({ kind: 'invitation', delivery: 'email', link: null });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.from).toBe('tickmark@harbour.example');
    expect(mail?.to).toEqual(['margaret@harbour.example']);
    expect(mail?.raw).toContain('Subject: Your Tickmark account at Harbour Primary');
    const body = bodyOf(mail?.raw ?? '');
    expect(body).toContain('Hello Margaret Hamilton,');
    const token = /http:\/\/localhost\/account\/password#([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? '';
    expect(token).not.toBe('');

    const person = new TestClient(app);
    const set = await person.post(accountApi.setPassword.path, {
      token,
      password: 'velvet harbour compass ember',
    });
    expect(set.status).toBe(200);
    await person.signIn({
      email: 'margaret@harbour.example',
      password: 'velvet harbour compass ember',
    });
  });

  it('shows a down mail server as a failure saying why, writing nothing', async () => {
    const { app } = createTestApp(t.db, { env: smtpEnv() });
    const admin = new TestClient(app);
    await admin.signIn(school.staff.admin ?? { email: '', password: '' });
    const added = await admin.post(accountApi.listStaff.path, {
      name: 'Frances Allen',
      email: 'frances@harbour.example',
      roles: ['office'],
    });
    const id = staffAccountResponseSchema.parse(await added.json()).staff.id;
    const first = linkSentResponseSchema.parse(
      await (await admin.post(routePath(accountApi.sendStaffLink.path, { id }))).json(),
    );
    expect(first.delivery).toBe('email');
    const firstToken =
      /#([A-Za-z0-9_-]{43})/.exec(bodyOf(smtp.received.at(-1)?.raw ?? ''))?.[1] ?? '';

    await smtp.close();
    const countLinks = async () =>
      (
        await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM account_link WHERE staff_id = $1',
          [id],
        )
      ).rows[0]?.n;
    const linksBefore = await countLinks();
    const res = await admin.post(routePath(accountApi.sendStaffLink.path, { id }));
    expect(res.status).toBe(502);
    const body = (await res.json()) as { reason: string; message: string };
    expect(body.reason).toBe('mail_failed');
    expect(body.message).toContain('The email to frances@harbour.example could not be sent');
    expect(body.message).toContain(`refused the connection`);
    expect(body.message).toContain('No link was made');
    expect(await countLinks()).toBe(linksBefore);
    // The earlier link still works.
    const check = await new TestClient(app).post(accountApi.checkLink.path, { token: firstToken });
    expect(check.status).toBe(200);
  });
});
