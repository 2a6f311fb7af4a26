/**
 * A new school goes live through the screens alone, in Chromium (issue acceptance, one flow): a
 * fresh server with `DEMO_SCHOOL=false`, email through a real SMTP server and sign-in through a
 * real OpenID Connect provider (`oidc-provider`), both run by the test. From the printed setup
 * link the admin creates the trust, the school and themself; signs in and chooses a PIN; closes
 * the morning register earlier in Admin → Settings; imports pupils and groups, then staff, from
 * CSV; and invites the teacher from Admin → Staff. The email arrives; on the classroom tablet the
 * teacher opens its link, chooses a password (a guessable one is refused), signs in, chooses a
 * PIN and takes the register, whose `L` and `U` follow the times just set. Last, on a third
 * tablet, the teacher signs in through the provider's own login form: first someone without a
 * Tickmark account is refused, saying why, then the teacher gets in and chooses a PIN.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  addDays,
  openSessionsBetween,
  parseSchoolConfig,
  schoolInstant,
  toSchoolWallClock,
  wallTime,
  type LocalDate,
} from '../../src/domain';
import { startingConfig } from '../../src/server/setup/newSchool';
import { freePort, makeTempDir, startServer, type ServerProcess } from '../process/serverProcess';
import { startOidcProvider, type TestProvider } from '../server/oidcProvider';
import { bodyOf, startSmtp } from '../server/smtpServer';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';
import { seriousViolations } from './support/axe';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  waitForServiceWorker,
  type Tablet,
} from './support/browser';
import { BUILT_CLIENT_DIR, ensureClientBuilt } from './support/build';

let server: ServerProcess;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let provider: TestProvider;
let browser: Browser;
let office: Tablet | undefined;
let classroom: Tablet | undefined;
let staffRoom: Tablet | undefined;

const ZONE = 'Europe/London';
const SCHOOL = {
  name: 'Willow Primary School',
  urn: '223344',
  laNumber: '202',
  establishmentNumber: '2400',
  timeZone: ZONE,
};

beforeAll(async () => {
  ensureClientBuilt();
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
  const port = await freePort();
  provider = await startOidcProvider({
    accounts: {
      grace: { email: 'grace@willow.example', email_verified: true, name: 'Grace Hopper' },
      visitor: { email: 'visitor@elsewhere.example', email_verified: true, name: 'A Visitor' },
    },
    redirectUris: [
      `http://127.0.0.1:${port}/sign-in/oidc`,
      `http://localhost:${port}/sign-in/oidc`,
    ],
    providerName: 'Willow Learning Trust',
  });
  server = await startServer({
    label: 'new school server',
    env: {
      PORT: String(port),
      DATA_DIR: await makeTempDir('tickmark-e2e-new-school-'),
      DEMO_SCHOOL: 'false',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: BUILT_CLIENT_DIR,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'tickmark',
      SMTP_PASSWORD: 'relay secret',
      MAIL_FROM: 'Tickmark <tickmark@willow.example>',
      ...provider.env,
    },
  });
  browser = await connectChromium();
});

afterAll(async () => {
  await shutDown(browser, office, classroom, staffRoom);
  await smtp.close();
  await provider.close();
});
reportOnFailure(() => ({ server, tablets: [office, classroom, staffRoom] }));

const ADMIN_PASSWORD = 'lighthouse meadow copper sparrow';
const TEACHER_PASSWORD = 'orchard velvet compass thistle';

const PUPILS = [
  'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,Registration Group,Admission Date',
  'A123456789012,Ada,Brook,04/05/2017,Year 3,3 Willow,01/09/2021',
  'B123456789012,Ben,Carter,11/10/2016,Year 3,3 Willow,01/09/2021',
  'C123456789012,Cara,Dunn,21/01/2017,Year 3,3 Willow,01/09/2021',
].join('\n');
const STAFF = [
  'Name,Email,Roles,Groups',
  'Grace Hopper,grace@willow.example,teacher,3 Willow',
].join('\n');

/**
 * The morning the teacher takes the register on: the first open one from the server's today in
 * the calendar a new school starts with (the new times are in force from that day; a version can
 * only start today or later). Only the classroom tablet's clock moves there.
 */
function registerMorning(): LocalDate {
  const today = toSchoolWallClock(new Date(), ZONE).date;
  const parsed = parseSchoolConfig(startingConfig(randomUUID(), SCHOOL, new Date()));
  if (!parsed.ok) throw new Error('A new school’s configuration does not parse.');
  const morning = openSessionsBetween(parsed.value, today, addDays(today, 30)).find(
    (s) => s.part === 'AM',
  );
  if (morning === undefined) throw new Error(`No open morning within 30 days of ${today}.`);
  return morning.date;
}

async function importFile(page: Page, name: string, csv: string): Promise<void> {
  await page.getByLabel('CSV file to import').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor();
}

/** Fills the provider's own login form (its development pages) and accepts its consent page. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('a new school goes live', () => {
  it('setup → settings → imports → invitation → password, PIN and a register by the new times; and sign-in through the provider', async () => {
    const morning = registerMorning();

    // 1. Setup, from the link the server printed.
    const [, token = ''] = await server.waitForStdout(/\/setup#([A-Za-z0-9_-]{43})/);
    office = await openTablet(browser, server.origin, { time: new Date() });
    const page = office.page;
    const setup = new SetupPage(page);
    await setup.open(token);
    await setup.submit({
      trust: 'Willow Learning Trust',
      school: SCHOOL.name,
      urn: SCHOOL.urn,
      laNumber: SCHOOL.laNumber,
      establishmentNumber: SCHOOL.establishmentNumber,
      adminName: 'Alan Turing',
      email: 'alan@willow.example',
      password: ADMIN_PASSWORD,
    });
    await page.getByRole('heading', { level: 1, name: 'Tickmark is set up' }).waitFor();
    await setup.signInAndOpenAdmin('alan@willow.example', ADMIN_PASSWORD, '4826');

    // 2. Settings: the morning register closes at 09:00 instead of 09:15, from that morning.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const closes = page.getByLabel('Morning register closes', { exact: true });
    await expect.poll(() => closes.inputValue(), { timeout: 30_000 }).toBe('09:15');
    expect(await page.getByLabel('Morning register starts', { exact: true }).inputValue()).toBe(
      '08:45',
    );
    await closes.fill('09:00');
    await page.getByLabel('Arriving at').fill('09:10');
    await page.getByText(/arriving at 09:10 is U, 25 minutes late/).waitFor();
    await page.getByLabel('In force from').fill(morning);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('region', { name: 'History' })
      .getByText(/Version 1/)
      .waitFor();

    // 3. Pupils and groups, then staff, from CSV.
    await page.getByRole('button', { name: 'Pupils and groups', exact: true }).click();
    await importFile(page, 'pupils.csv', PUPILS);
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('rowheader', { name: /Alan Turing/ }).waitFor();
    await importFile(page, 'staff.csv', STAFF);

    // 4. The invitation, by email.
    const grace = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /Grace Hopper/ }) });
    await grace.getByText('No password yet').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await grace.getByRole('button', { name: 'Send an invitation to Grace Hopper' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'An invitation was emailed to Grace Hopper' })
      .waitFor();
    await grace.getByText(/^Invited; link until/).waitFor();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['grace@willow.example']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/account\/password#[A-Za-z0-9_-]{43}/.exec(
      bodyOf(smtp.received[0]?.raw ?? ''),
    )?.[0];
    expect(link).toBeDefined();

    // 5. The teacher, on the classroom tablet at 09:20 that morning: password, PIN, register.
    classroom = await openTablet(browser, server.origin, {
      time: schoolInstant(morning, wallTime('09:20'), ZONE),
    });
    const teacher = classroom.page;
    await teacher.goto(link ?? '');
    await teacher.getByText('Hello Grace Hopper.').waitFor();
    expect(await seriousViolations(teacher)).toEqual([]);
    await teacher.getByLabel('New password').fill('gracehopper1');
    await teacher.getByRole('button', { name: 'Save password' }).click();
    await teacher
      .locator('.form-error', { hasText: 'New password is too easy to guess' })
      .waitFor();
    await teacher.getByLabel('New password').fill(TEACHER_PASSWORD);
    await teacher.getByRole('button', { name: 'Save password' }).click();
    await teacher.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();
    await teacher.getByRole('link', { name: 'Sign in' }).click();
    await new SignInPage(teacher).signIn('grace@willow.example', TEACHER_PASSWORD);
    await new PinPage(teacher).choosePin('3917');
    const register = new RegisterPage(teacher);
    await register.waitUntilShown('3 Willow');
    // The register is taken offline, as a tablet may: that morning can be ahead of the server's
    // real clock, which would refuse the arrivals as not yet happened once they arrived (the
    // server's own judgement by the times in force is server/settings.test.ts's). Here the
    // tablet decides by the times it was sent at sign-in.
    // Offline, the app's later screens come from the service worker: wait until it controls the
    // page (a first visit reloads once for that, and the tablet then asks for the PIN).
    const controlled = await teacher.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    });
    if (!controlled) {
      await waitForServiceWorker(teacher);
      await new PinPage(teacher).unlock('Grace Hopper', '3917');
      await register.waitUntilShown('3 Willow');
    }
    await classroom.context.setOffline(true);
    // Between the start (08:45) and the new close (09:00): late, L. After it: U — at 09:10,
    // which the school's first times (close 09:15) would have made L.
    expect(await register.startLate('Ada Brook', '08:55')).toBe('L — 10 minutes late');
    await register.recordLate();
    await register.waitForCode('Ada Brook', 'L');
    expect(await register.startLate('Ben Carter', '09:10')).toBe(
      'U — after the register closed (25 minutes late)',
    );
    await register.recordLate();
    await register.waitForCode('Ben Carter', 'U');
    await register.markRestPresent();
    expect(await register.codeOf('Cara Dunn')).toBe('/');

    // The invitation worked once.
    await classroom.context.setOffline(false);
    await teacher.goto(link ?? '');
    await teacher
      .getByRole('alert')
      .filter({ hasText: 'This link has expired, has been used' })
      .waitFor();

    // 6. Signing in through the school's provider, on a third tablet.
    staffRoom = await openTablet(browser, server.origin, { time: new Date() });
    const desk = staffRoom.page;
    // The provider's pages ask for a web font; nothing here may reach the internet.
    await staffRoom.context.route(/^https:\/\//, (route) => route.abort());
    await desk.goto('/');
    const withProvider = desk.getByRole('button', { name: 'Sign in with Willow Learning Trust' });
    await withProvider.click();
    await signInAtProvider(desk, 'visitor');
    await new SignInPage(desk).error
      .filter({
        hasText:
          'There is no Tickmark account for visitor@elsewhere.example at any school. Ask your school’s Tickmark administrator to add you',
      })
      .waitFor();
    expect(new URL(desk.url()).pathname).toBe('/');
    expect(await seriousViolations(desk)).toEqual([]);
    await withProvider.click();
    await signInAtProvider(desk, 'grace');
    await new PinPage(desk).choosePin('5172');
    await new RegisterPage(desk).waitUntilShown('3 Willow');
  });
});
