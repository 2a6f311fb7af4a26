/**
 * Signing in through the school's OpenID Connect provider, against a real provider
 * (`oidc-provider`, started on loopback by oidcProvider.ts) with the server in process: the whole
 * authorisation-code flow with PKCE, state and nonce ends in the same session and device as a
 * password sign-in; an answer with the wrong state, from another browser, used twice or after
 * the attempt expired is refused, and the provider's own refusal is passed on; an email with no account, a disabled account or an email the
 * provider did not verify is refused with nothing created; bad input is a 4xx naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { oidcFinish, oidcOffer, oidcStart } from '../../src/shared/api/endpoints/oidcEndpoints';
import { oidcStartResponseSchema } from '../../src/shared/api/oidcSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import {
  APP_ORIGIN,
  createTestApp,
  createTestSchool,
  MINUTE,
  TestClient,
  type TestSchool,
} from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import {
  signInAtProvider,
  startOidcProvider,
  type ProviderAccount,
  type TestProvider,
} from './oidcProvider';

let t: TestDatabase;
let school: TestSchool;
let provider: TestProvider;
let app: ReturnType<typeof createTestApp>;
const accounts: Record<string, ProviderAccount> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, {
    staff: { teacher: ['teacher'], leaver: ['teacher'] },
  });
  const teacher = school.staff.teacher;
  const leaver = school.staff.leaver;
  if (teacher === undefined || leaver === undefined) throw new Error('no staff');
  await t.db.query('UPDATE staff SET disabled_at = now() WHERE id = $1', [leaver.id]);
  // The provider's accounts: its login (typed in its form) → the id token's claims.
  Object.assign(accounts, {
    teacher: { email: teacher.email.toUpperCase(), email_verified: true, name: teacher.name },
    stranger: { email: 'stranger@elsewhere.example', email_verified: true },
    leaver: { email: leaver.email, email_verified: true },
    unverified: { email: teacher.email, email_verified: false },
    noEmail: { name: 'No Email' },
  });
  provider = await startOidcProvider({
    accounts,
    redirectUris: [`${APP_ORIGIN}/sign-in/oidc`],
  });
  app = createTestApp(t.db, { env: provider.env });
});
afterAll(async () => {
  await provider.close();
  await t.close();
});

async function counts(db: Database) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM staff) AS staff,
            (SELECT count(*)::int FROM device) AS devices,
            (SELECT count(*)::int FROM auth_session) AS sessions`,
  );
  return rows[0];
}

/** Starts a sign-in from `browser`; answers the provider's address. */
async function start(browser: TestClient, body: Record<string, unknown> = {}): Promise<URL> {
  const res = await browser.post(oidcStart.path, body);
  expect(res.status).toBe(200);
  return new URL(oidcStartResponseSchema.parse(await res.json()).authorizationUrl);
}

/** The whole round: start, sign in at the provider as `login`, and the return page's query. */
async function throughProvider(browser: TestClient, login: string): Promise<string> {
  const back = await signInAtProvider((await start(browser)).toString(), login);
  expect(`${back.origin}${back.pathname}`).toBe(`${APP_ORIGIN}/sign-in/oidc`);
  return back.search;
}

const finish = (browser: TestClient, callbackQuery: string, extra: object = {}) =>
  browser.post(oidcFinish.path, { callbackQuery, ...extra });

async function errorOf(res: Response): Promise<{ reason: string; message: string }> {
  return (await res.json()) as { reason: string; message: string };
}

describe('the offer', () => {
  it('names the provider when configured, and null (with start refused) when not', async () => {
    const browser = new TestClient(app.app);
    expect(await (await browser.get(oidcOffer.path)).json()).toEqual({
      providerName: 'Willow Learning Trust',
    });
    const plain = new TestClient(createTestApp(t.db).app);
    expect(await (await plain.get(oidcOffer.path)).json()).toEqual({ providerName: null });
    const res = await plain.post(oidcStart.path, {});
    expect(res.status).toBe(404);
    expect((await errorOf(res)).reason).toBe('oidc_off');
  });
});

describe('signing in', () => {
  it('uses PKCE, state and nonce, and ends in the same session and device as a password', async () => {
    const browser = new TestClient(app.app);
    const url = await start(browser);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/.{20,}/);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP_ORIGIN}/sign-in/oidc`);
    // A shared tablet: the provider must ask who this is, never reuse the last person's session.
    expect(url.searchParams.get('prompt')).toBe('login');
    // The attempt is kept server-side, its state only as a hash.
    const { rows } = await t.db.query<{ state_hash: string }>(
      'SELECT state_hash FROM oidc_attempt',
    );
    expect(rows.map((r) => r.state_hash)).not.toContain(url.searchParams.get('state'));

    const back = await signInAtProvider(url.toString(), 'teacher');
    const res = await finish(browser, back.search);
    expect(res.status).toBe(200);
    const session = sessionResponseSchema.parse(await res.json());
    expect(session.staff.id).toBe(school.staff.teacher?.id);
    expect(session.school.id).toBe(school.id);
    expect(browser.cookies.has('tickmark_session')).toBe(true);
    expect(browser.cookies.has('tickmark_device')).toBe(true);
    expect(browser.cookies.has('tickmark_oidc')).toBe(false);
    const me = await browser.get(ROUTES.me);
    expect(me.status).toBe(200);
    expect(sessionResponseSchema.parse(await me.json()).device.id).toBe(session.device.id);

    // Signing in again on the same browser re-uses its device, as a password sign-in does.
    const again = await finish(
      browser,
      await signInAtProvider(
        (await start(browser, { deviceId: session.device.id })).toString(),
        'teacher',
      ).then((u) => u.search),
    );
    expect(again.status).toBe(200);
    expect(sessionResponseSchema.parse(await again.json()).device.id).toBe(session.device.id);
  });

  it('refuses an answer used twice', async () => {
    const browser = new TestClient(app.app);
    const query = await throughProvider(browser, 'teacher');
    const state = new URLSearchParams(query).get('state') ?? '';
    expect((await finish(browser, query)).status).toBe(200);
    // Even with the binding cookie put back, the attempt is spent.
    browser.cookies.set('tickmark_oidc', state);
    const before = await counts(t.db);
    const res = await finish(browser, query);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({
      reason: 'oidc_failed',
      message: expect.stringContaining('was already used') as string,
    });
    expect(await counts(t.db)).toEqual(before);
  });

  it('refuses a wrong state, and an answer finished in another browser', async () => {
    const browser = new TestClient(app.app);
    const query = await throughProvider(browser, 'teacher');
    const params = new URLSearchParams(query);
    params.set('state', 'a-state-nobody-issued-aaaaaaaaaaaaaaaaaaaaa');
    const wrong = await finish(browser, `?${params.toString()}`);
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).reason).toBe('oidc_failed');

    // A link to someone's half-finished sign-in, opened in a victim's browser, signs nobody in.
    const attacker = new TestClient(app.app);
    const stolen = await throughProvider(attacker, 'teacher');
    const victim = new TestClient(app.app);
    const res = await finish(victim, stolen);
    expect(res.status).toBe(401);
    expect(victim.cookies.has('tickmark_session')).toBe(false);
  });

  it('refuses an attempt older than ten minutes', async () => {
    const browser = new TestClient(app.app);
    const url = await start(browser);
    app.clock.advance(11 * MINUTE);
    const back = await signInAtProvider(url.toString(), 'teacher');
    const res = await finish(browser, back.search);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({
      reason: 'oidc_failed',
      message: expect.stringContaining('has expired') as string,
    });
  });
});

describe('the provider’s refusal', () => {
  it('passes on why the provider did not sign the person in, and spends the attempt', async () => {
    const browser = new TestClient(app.app);
    const state = (await start(browser)).searchParams.get('state') ?? '';
    const query = `?${new URLSearchParams({
      error: 'access_denied',
      error_description: 'The person cancelled',
      state,
      iss: provider.issuer,
    }).toString()}`;
    const res = await finish(browser, query);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({
      reason: 'oidc_failed',
      message:
        'Willow Learning Trust did not sign you in (The person cancelled). Try again, or sign in with your Tickmark password.',
    });
    const { rows } = await t.db.query<{ used: boolean }>(
      'SELECT used_at IS NOT NULL AS used FROM oidc_attempt ORDER BY created_at DESC LIMIT 1',
    );
    expect(rows[0]?.used).toBe(true);
  });
});

describe('who may sign in', () => {
  it.each([
    ['stranger', 403, 'oidc_no_account', 'no Tickmark account for stranger@elsewhere.example'],
    ['leaver', 403, 'oidc_no_account', 'is disabled'],
    ['unverified', 403, 'oidc_email_unverified', 'did not confirm your email address'],
    ['noEmail', 403, 'oidc_email_unverified', 'did not confirm your email address'],
  ])('refuses %s, creating nothing', async (login, status, reason, words) => {
    const browser = new TestClient(app.app);
    const query = await throughProvider(browser, login);
    const before = await counts(t.db);
    const res = await finish(browser, query);
    expect(res.status).toBe(status);
    const body = await errorOf(res);
    expect(body.reason).toBe(reason);
    expect(body.message).toContain(words);
    expect(await counts(t.db)).toEqual(before);
    expect(browser.cookies.has('tickmark_session')).toBe(false);
  });
});

describe('bad input', () => {
  it.each([
    [oidcStart.path, { deviceId: 'tablet 3' }, 'deviceId'],
    [oidcStart.path, { extra: true }, 'extra'],
    [oidcFinish.path, {}, 'callbackQuery'],
    [oidcFinish.path, { callbackQuery: 'code=1&state=2' }, 'callbackQuery'],
    [oidcFinish.path, { callbackQuery: '?code=1', schoolId: 'x' }, 'schoolId'],
  ])('%s with %j is a 400 naming %s', async (path, body, field) => {
    const before = await counts(t.db);
    const res = await new TestClient(app.app).post(path, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
    expect(await counts(t.db)).toEqual(before);
  });

  it('refuses an answer with no state, writing nothing', async () => {
    const res = await finish(new TestClient(app.app), '?code=abc');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('oidc_failed');
  });
});
