/** Sign-in failures are limited per account and per address, in the database (issue 3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import { DEFAULT_SIGN_IN_LIMITS } from '../../src/server/auth/rateLimit';
import { createTestApp, createTestSchool, MINUTE, TestClient } from './fixtures';
import type { TestSchool, TestStaff } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, {
    staff: { a: ['teacher'], b: ['teacher'], c: ['teacher'], d: ['teacher'], e: ['teacher'] },
  });
});
afterAll(() => t.close());

const staff = (handle: string): TestStaff => {
  const s = school.staff[handle];
  if (s === undefined) throw new Error(`no staff ${handle}`);
  return s;
};

async function failTimes(client: TestClient, email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) {
    statuses.push((await client.post(ROUTES.signIn, { email, password: `wrong ${i}` })).status);
  }
  return statuses;
}

describe('per account', () => {
  it('refuses the 11th attempt within 15 minutes with 429, Retry-After and a plain message', async () => {
    const { app, clock } = createTestApp(t.db);
    const client = new TestClient(app);
    expect(await failTimes(client, staff('a').email, 10)).toEqual(Array(10).fill(401));
    clock.advance(5 * MINUTE);
    // Even the right password is refused while the account is locked: a guesser learns nothing.
    const res = await client.post(ROUTES.signIn, {
      email: staff('a').email,
      password: staff('a').password,
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(10 * 60));
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'rate_limited',
      message: 'Too many sign-in attempts. Please wait 10 minutes and try again.',
      details: { retryAfterSeconds: 600 },
    });
  });

  it('applies across addresses and across server processes sharing the database', async () => {
    const { app } = createTestApp(t.db);
    const { app: secondProcess } = createTestApp(t.db);
    expect(await failTimes(new TestClient(app), staff('b').email, 5)).toEqual(Array(5).fill(401));
    expect(await failTimes(new TestClient(secondProcess), staff('b').email, 5)).toEqual(
      Array(5).fill(401),
    );
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: staff('b').email,
      password: staff('b').password,
    });
    expect(res.status).toBe(429);
  });

  it('counts unknown emails too, so probing for accounts is limited alike', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    expect(await failTimes(client, 'ghost@school.example', 11)).toEqual([
      ...Array(10).fill(401),
      429,
    ]);
  });

  it('opens again when the window ends', async () => {
    const { app, clock } = createTestApp(t.db);
    const client = new TestClient(app);
    await failTimes(client, staff('c').email, 10);
    clock.advance(15 * MINUTE);
    expect((await client.signIn(staff('c'))).staff.id).toBe(staff('c').id);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await failTimes(client, staff('d').email, 9);
    await client.signIn(staff('d'));
    expect(await failTimes(client, staff('d').email, 10)).toEqual(Array(10).fill(401));
  });
});

describe('per address', () => {
  it('refuses an address after 50 failures across many accounts, but not other addresses', async () => {
    const { app } = createTestApp(t.db);
    const attacker = new TestClient(app, { address: '203.0.113.7' });
    const limit = DEFAULT_SIGN_IN_LIMITS.perAddress.limit;
    const statuses: number[] = [];
    for (let i = 0; i < limit; i += 1) {
      const res = await attacker.post(ROUTES.signIn, {
        email: `guess${i}@school.example`,
        password: 'x',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(limit).fill(401));

    const blocked = await attacker.post(ROUTES.signIn, {
      email: staff('e').email,
      password: staff('e').password,
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60);
    expect(await blocked.json()).toMatchObject({ reason: 'rate_limited' });

    // The account itself is not locked: the same person from the school's address gets in.
    const colleague = new TestClient(app, { address: '198.51.100.20' });
    expect((await colleague.signIn(staff('e'))).staff.id).toBe(staff('e').id);
  });

  it('does not count successful sign-ins (a whole staff room shares one address)', async () => {
    const { app } = createTestApp(t.db, {
      signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, perAddress: { limit: 2, windowMs: 15 * MINUTE } },
    });
    const staffRoom = '192.0.2.44';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await new TestClient(app, { address: staffRoom }).post(ROUTES.signIn, {
        email: staff('e').email,
        password: staff('e').password,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const limits = { ...DEFAULT_SIGN_IN_LIMITS, perAddress: { limit: 1, windowMs: 15 * MINUTE } };
    const direct = createTestApp(t.db, { signInLimits: limits }).app;
    const spoofer = new TestClient(direct, { address: '192.0.2.99' });
    await spoofer.post(ROUTES.signIn, { email: 'x@school.example', password: 'x' });
    const spoofed = await spoofer.post(
      ROUTES.signIn,
      { email: 'y@school.example', password: 'x' },
      { headers: { 'x-forwarded-for': '10.9.9.9' } },
    );
    expect(spoofed.status).toBe(429);

    const proxied = createTestApp(t.db, { signInLimits: limits, env: { TRUST_PROXY: 'true' } }).app;
    const proxy = new TestClient(proxied, { address: '192.0.2.98' });
    const forwarded = (ip: string) => ({ headers: { 'x-forwarded-for': `6.6.6.6, ${ip}` } });
    expect(
      (
        await proxy.post(
          ROUTES.signIn,
          { email: 'x@school.example', password: 'x' },
          forwarded('10.1.1.1'),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await proxy.post(
          ROUTES.signIn,
          { email: 'x@school.example', password: 'x' },
          forwarded('10.1.1.2'),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await proxy.post(
          ROUTES.signIn,
          { email: 'y@school.example', password: 'x' },
          forwarded('10.1.1.1'),
        )
      ).status,
    ).toBe(429);
  });
});
