/**
 * Sign-in throttling (auth/rateLimit.ts, signIn.ts; docs/api.md "Sign-in throttling"): failures
 * make the next attempt wait, the wait doubling up to 15 minutes, never a lock-out; a device the
 * owner has signed in on before is never held up by anyone else's failures; a shared school
 * address is held up only far beyond what a stranger in the building can cause unnoticed, and
 * never for enrolled devices. Time is the app's manual clock: no test sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { ROUTES } from '../../src/shared/api/routes';
import { DEFAULT_SIGN_IN_LIMITS, waitAfter } from '../../src/server/auth/rateLimit';
import type { AppEnv } from '../../src/server/http/appEnv';
import { addStaff, createTestApp, createTestSchool, HOUR, MINUTE, TestClient } from './fixtures';
import type { TestSchool, TestStaff } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { staff: { first: ['teacher'] } });
});
afterAll(() => t.close());

const SECOND = 1000;

/** A teacher of their own, so no test shares an account's failures with another. */
function newTeacher(handle: string): Promise<TestStaff> {
  return addStaff(t.db, {
    organisationId: school.organisationId,
    schoolId: school.id,
    handle,
    roles: ['teacher'],
  });
}

async function failTimes(client: TestClient, email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) {
    statuses.push((await client.post(ROUTES.signIn, { email, password: `wrong ${i}` })).status);
  }
  return statuses;
}

const rightPassword = (client: TestClient, staff: TestStaff, deviceId?: string) =>
  client.post(ROUTES.signIn, {
    email: staff.email,
    password: staff.password,
    ...(deviceId === undefined ? {} : { deviceId }),
  });

/** A browser the owner has signed in on: its device cookie and id, as the tablet keeps them. */
async function enrolledTablet(app: Hono<AppEnv>, staff: TestStaff, address?: string) {
  const client = new TestClient(app, address === undefined ? {} : { address });
  const session = await client.signIn(staff, { deviceLabel: 'Class tablet' });
  return { client, deviceId: session.device.id };
}

describe('the numbers', () => {
  it('waits 15 s after 5 failures, doubling to a ceiling of 15 minutes (per account and known device)', () => {
    for (const rule of [DEFAULT_SIGN_IN_LIMITS.perAccount, DEFAULT_SIGN_IN_LIMITS.perKnownDevice]) {
      const waits = Array.from({ length: 13 }, (_, i) => waitAfter(rule, i) / SECOND);
      expect(waits).toEqual([0, 0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900, 900]);
      expect(rule.forgetAfterMs).toBe(24 * HOUR);
    }
    expect(waitAfter(DEFAULT_SIGN_IN_LIMITS.perAccount, 10_000)).toBe(15 * MINUTE);
  });

  it('holds an address up only after 100 failures, and forgets it after a quiet hour', () => {
    const rule = DEFAULT_SIGN_IN_LIMITS.perAddress;
    expect(waitAfter(rule, 99)).toBe(0);
    expect(waitAfter(rule, 100)).toBe(15 * SECOND);
    expect(waitAfter(rule, 107)).toBe(15 * MINUTE);
    expect(rule.forgetAfterMs).toBe(HOUR);
  });
});

describe('per account', () => {
  it('answers the attempt after 5 failures with 429, the seconds left in Retry-After and a plain message, then lets the owner in', async () => {
    const { app, clock } = createTestApp(t.db);
    const staff = await newTeacher('wait');
    const client = new TestClient(app);
    expect(await failTimes(client, staff.email, 5)).toEqual(Array(5).fill(401));
    clock.advance(5 * SECOND);
    // The right password from a new browser is refused while the wait lasts: a guesser
    // learns nothing from it.
    const res = await rightPassword(client, staff);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'rate_limited',
      message: 'Too many failed sign-ins. Please wait 10 seconds and try again.',
      details: { retryAfterSeconds: 10 },
    });
    clock.advance(10 * SECOND);
    expect((await rightPassword(client, staff)).status).toBe(200);
  });

  it('doubles the wait with each failure up to 15 minutes, and never locks the account', async () => {
    const { app, clock } = createTestApp(t.db);
    const staff = await newTeacher('doubling');
    const stranger = new TestClient(app);
    await failTimes(stranger, staff.email, 5);
    const waits: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const refused = await rightPassword(new TestClient(app), staff);
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      clock.advance(wait * SECOND);
      expect(await failTimes(stranger, staff.email, 1)).toEqual([401]);
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 480, 900, 900, 900]);
    clock.advance(15 * MINUTE);
    expect((await rightPassword(new TestClient(app), staff)).status).toBe(200);
  });

  it('never holds up a device the owner has signed in on, however many failures a stranger makes', async () => {
    const { app, clock } = createTestApp(t.db);
    const staff = await newTeacher('owner');
    const tablet = await enrolledTablet(app, staff);
    // A stranger pushes the account to the ceiling, from another address.
    const stranger = new TestClient(app, { address: '203.0.113.50' });
    for (let i = 0; i < 12; i += 1) {
      clock.advance(waitAfter(DEFAULT_SIGN_IN_LIMITS.perAccount, i));
      expect(await failTimes(stranger, staff.email, 1)).toEqual([401]);
    }
    expect((await rightPassword(stranger, staff)).status).toBe(429);
    expect((await rightPassword(new TestClient(app), staff)).status).toBe(429);

    // The owner's tablet signs in at once, and again after signing out.
    const res = await rightPassword(tablet.client, staff, tablet.deviceId);
    expect(res.status).toBe(200);
    expect(await tablet.client.post(ROUTES.signOut)).toHaveProperty('status', 200);
    expect((await rightPassword(tablet.client, staff, tablet.deviceId)).status).toBe(200);
  });

  it("throttles a known device's own failures (a lost tablet) without holding up the owner's other devices", async () => {
    const { app } = createTestApp(t.db);
    const staff = await newTeacher('lost');
    const lost = await enrolledTablet(app, staff);
    const other = await enrolledTablet(app, staff);
    for (let i = 0; i < 5; i += 1) {
      const res = await lost.client.post(ROUTES.signIn, {
        email: staff.email,
        password: `guess ${i}`,
        deviceId: lost.deviceId,
      });
      expect(res.status).toBe(401);
    }
    expect((await rightPassword(lost.client, staff, lost.deviceId)).status).toBe(429);
    expect((await rightPassword(other.client, staff, other.deviceId)).status).toBe(200);
    // A new browser is not held up by the lost tablet's failures either.
    expect((await rightPassword(new TestClient(app), staff)).status).toBe(200);
  });

  it('is not fooled by a device id without its cookie, nor by another person’s device', async () => {
    const { app } = createTestApp(t.db);
    const staff = await newTeacher('spoof');
    const colleague = await newTeacher('colleague');
    const tablet = await enrolledTablet(app, staff);
    const colleagues = await enrolledTablet(app, colleague);
    const stranger = new TestClient(app);
    await failTimes(stranger, staff.email, 5);
    // The device id alone (read off a screen) proves nothing without the device's cookie.
    expect((await rightPassword(new TestClient(app), staff, tablet.deviceId)).status).toBe(429);
    // A colleague's tablet has never signed this person in.
    expect((await rightPassword(colleagues.client, staff, colleagues.deviceId)).status).toBe(429);
  });

  it('applies across addresses and across server processes sharing the database', async () => {
    const { app } = createTestApp(t.db);
    const { app: secondProcess } = createTestApp(t.db);
    const staff = await newTeacher('processes');
    expect(await failTimes(new TestClient(app), staff.email, 3)).toEqual(Array(3).fill(401));
    expect(await failTimes(new TestClient(secondProcess), staff.email, 2)).toEqual(
      Array(2).fill(401),
    );
    expect((await rightPassword(new TestClient(app), staff)).status).toBe(429);
  });

  it('counts unknown emails too, so probing for accounts is throttled alike', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    expect(await failTimes(client, 'ghost@school.example', 6)).toEqual([
      ...Array(5).fill(401),
      429,
    ]);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const { app } = createTestApp(t.db);
    const staff = await newTeacher('forgets');
    const client = new TestClient(app);
    expect(await failTimes(client, staff.email, 4)).toEqual(Array(4).fill(401));
    await client.signIn(staff);
    expect(await failTimes(client, staff.email, 5)).toEqual(Array(5).fill(401));
  });

  it('starts a new run after 24 hours without a failure', async () => {
    const { app, clock } = createTestApp(t.db);
    const staff = await newTeacher('quiet');
    const client = new TestClient(app);
    for (let i = 0; i < 8; i += 1) {
      clock.advance(waitAfter(DEFAULT_SIGN_IN_LIMITS.perAccount, i));
      expect(await failTimes(client, staff.email, 1)).toEqual([401]);
    }
    expect((await rightPassword(client, staff)).status).toBe(429);
    clock.advance(24 * HOUR);
    expect(await failTimes(client, staff.email, 1)).toEqual([401]);
    // One failure in the new run: no wait.
    expect((await rightPassword(client, staff)).status).toBe(200);
  });
});

describe('per address', () => {
  it('50 failures from a shared school address hold nobody else up: colleagues sign in from new browsers', async () => {
    const { app } = createTestApp(t.db);
    const schoolAddress = '198.51.100.7';
    const pupil = new TestClient(app, { address: schoolAddress });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const res = await pupil.post(ROUTES.signIn, {
        email: `guess${i}@school.example`,
        password: 'x',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(50).fill(401));
    for (const handle of ['staffroom', 'office', 'head']) {
      const colleague = await newTeacher(handle);
      const browser = new TestClient(app, { address: schoolAddress });
      expect((await rightPassword(browser, colleague)).status).toBe(200);
    }
  });

  it('after 100 failures makes new browsers on that address wait, while enrolled devices there sign in', async () => {
    const { app, clock } = createTestApp(t.db);
    const schoolAddress = '198.51.100.8';
    const staff = await newTeacher('enrolled');
    const newcomer = await newTeacher('newcomer');
    const tablet = await enrolledTablet(app, staff, schoolAddress);
    const attacker = new TestClient(app, { address: schoolAddress });
    for (let i = 0; i < 100; i += 1) {
      const res = await attacker.post(ROUTES.signIn, {
        email: `spray${i}@school.example`,
        password: 'Summer2025!',
      });
      expect(res.status).toBe(401);
    }
    const held = await rightPassword(new TestClient(app, { address: schoolAddress }), newcomer);
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('15');
    // Another address is not affected, nor is the enrolled tablet on the school's address.
    expect((await rightPassword(new TestClient(app), newcomer)).status).toBe(200);
    expect((await rightPassword(tablet.client, staff, tablet.deviceId)).status).toBe(200);
    // The wait is a wait: 15 seconds later the newcomer signs in on the school's address.
    clock.advance(15 * SECOND);
    const after = await rightPassword(new TestClient(app, { address: schoolAddress }), newcomer);
    expect(after.status).toBe(200);
  });

  it("forgets the address's failures after an hour without one", async () => {
    const { app, clock } = createTestApp(t.db);
    const schoolAddress = '198.51.100.9';
    const newcomer = await newTeacher('afterhour');
    const attacker = new TestClient(app, { address: schoolAddress });
    for (let i = 0; i < 100; i += 1) {
      await attacker.post(ROUTES.signIn, { email: `quiet${i}@school.example`, password: 'x' });
    }
    clock.advance(HOUR);
    // A new run of one failure: nobody on the address waits.
    expect(await failTimes(attacker, 'quiet-again@school.example', 1)).toEqual([401]);
    const browser = new TestClient(app, { address: schoolAddress });
    expect((await rightPassword(browser, newcomer)).status).toBe(200);
  });

  it('does not count successful sign-ins (a whole staff room shares one address)', async () => {
    const limits = {
      ...DEFAULT_SIGN_IN_LIMITS,
      perAddress: { ...DEFAULT_SIGN_IN_LIMITS.perAddress, failuresBeforeWait: 2 },
    };
    const { app } = createTestApp(t.db, { signInLimits: limits });
    const staff = await newTeacher('staffroom');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await rightPassword(new TestClient(app, { address: '192.0.2.44' }), staff)).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const limits = {
      ...DEFAULT_SIGN_IN_LIMITS,
      perAddress: { ...DEFAULT_SIGN_IN_LIMITS.perAddress, failuresBeforeWait: 1 },
    };
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
    const attempt = async (email: string, ip: string) =>
      (await proxy.post(ROUTES.signIn, { email, password: 'x' }, forwarded(ip))).status;
    expect(await attempt('p@school.example', '10.1.1.1')).toBe(401);
    expect(await attempt('p@school.example', '10.1.1.2')).toBe(401);
    expect(await attempt('q@school.example', '10.1.1.1')).toBe(429);
  });
});
