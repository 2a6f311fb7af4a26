/**
 * A real school's staff arrive, in Chromium: a fresh server with `DEMO_SCHOOL=false` and email
 * through a real SMTP server the test runs; setup from the printed link (its screens are
 * firstRun.e2e.test.ts's); the admin imports pupils and groups, then staff, from CSV, and sends
 * the teacher an invitation from Admin → Staff; the email arrives; on another tablet the teacher
 * opens its link, chooses a password, signs in, chooses a PIN and finds their class's register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, makeTempDir, startServer, type ServerProcess } from '../process/serverProcess';
import { bodyOf, startSmtp } from '../server/smtpServer';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { seriousViolations } from './support/axe';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
} from './support/browser';
import { BUILT_CLIENT_DIR, ensureClientBuilt } from './support/build';
import * as setupApi from '../../src/shared/api/endpoints/setupEndpoints';

let server: ServerProcess;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let browser: Browser;
let office: Tablet | undefined;
let classroom: Tablet | undefined;

beforeAll(async () => {
  ensureClientBuilt();
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
  const port = await freePort();
  server = await startServer({
    label: 'staff server',
    env: {
      PORT: String(port),
      DATA_DIR: await makeTempDir('tickmark-e2e-staff-'),
      DEMO_SCHOOL: 'false',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: BUILT_CLIENT_DIR,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'tickmark',
      SMTP_PASSWORD: 'relay secret',
      MAIL_FROM: 'Tickmark <tickmark@willow.example>',
    },
  });
  browser = await connectChromium();
});

afterAll(async () => {
  await shutDown(browser, office, classroom);
  await smtp.close();
});
reportOnFailure(() => ({ server, tablets: [office, classroom] }));

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

async function importFile(tablet: Tablet, name: string, csv: string): Promise<void> {
  const { page } = tablet;
  await page.getByLabel('CSV file to import').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor();
}

describe('staff accounts', () => {
  it('invites an imported teacher by email; they set a password and a PIN and find their register', async () => {
    const [, token = ''] = await server.waitForStdout(/\/setup#([A-Za-z0-9_-]{43})/);
    const setup = await fetch(`${server.origin}${setupApi.setupStatus.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({
        token,
        organisation: { kind: 'school' },
        school: {
          name: 'Willow Primary School',
          urn: '223344',
          laNumber: '202',
          establishmentNumber: '2400',
          timeZone: 'Europe/London',
        },
        admin: { name: 'Alan Turing', email: 'alan@willow.example', password: ADMIN_PASSWORD },
      }),
    });
    expect(setup.status).toBe(201);

    office = await openTablet(browser, server.origin, { time: new Date() });
    const { page } = office;
    await page.goto('/');
    await new SignInPage(page).signIn('alan@willow.example', ADMIN_PASSWORD);
    await new PinPage(page).choosePin('4826');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin' })
      .click();
    await importFile(office, 'pupils.csv', PUPILS);

    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('rowheader', { name: /Alan Turing/ }).waitFor();
    await importFile(office, 'staff.csv', STAFF);
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

    classroom = await openTablet(browser, server.origin, { time: new Date() });
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
    await register.heading.filter({ hasText: '3 Willow' }).waitFor();
    for (const name of ['Ada Brook', 'Ben Carter', 'Cara Dunn']) {
      await teacher.getByText(name).first().waitFor();
    }

    // The link worked once.
    await teacher.goto(link ?? '');
    await teacher
      .getByRole('alert')
      .filter({ hasText: 'This link has expired, has been used' })
      .waitFor();
  });
});
