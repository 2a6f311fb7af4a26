/**
 * A real school's first run in Chromium: a fresh server with `DEMO_SCHOOL=false` prints a setup
 * link; the setup page refuses bad details saying what to fix, then creates the trust, the
 * school and the admin; the admin signs in, chooses a PIN, and adds a second school to the trust
 * in Admin → Schools.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, makeTempDir, startServer, type ServerProcess } from '../process/serverProcess';
import { SetupPage } from './pages/SetupPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
} from './support/browser';
import { seriousViolations } from './support/axe';
import { BUILT_CLIENT_DIR, ensureClientBuilt } from './support/build';

let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;

beforeAll(async () => {
  ensureClientBuilt();
  const port = await freePort();
  server = await startServer({
    label: 'first-run server',
    env: {
      PORT: String(port),
      DATA_DIR: await makeTempDir('tickmark-e2e-first-run-'),
      DEMO_SCHOOL: 'false',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: BUILT_CLIENT_DIR,
    },
  });
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

const PASSWORD = 'lighthouse meadow copper sparrow';

describe('first run', () => {
  it('sets up the trust, school and admin from the printed link; the admin signs in and adds a school', async () => {
    const [, token = ''] = await server.waitForStdout(/\/setup#([A-Za-z0-9_-]{43})/);
    tablet = await openTablet(browser, server.origin, { time: new Date() });
    const { page } = tablet;
    const setup = new SetupPage(page);
    await setup.open(token);
    const details = {
      trust: 'Meadow Learning Trust',
      school: 'Meadow Primary School',
      urn: '12345',
      laNumber: '202',
      establishmentNumber: '3001',
      adminName: 'Rosalind Franklin',
      email: 'rosalind@meadow.example',
      password: 'password',
    };
    await setup.submit(details);
    // Each problem sits under its field and says what to fix.
    await page.getByText('URN must be the 6-digit unique reference number').waitFor();
    await page.getByText('Password must be at least 10 characters').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await setup.submit({ ...details, urn: '123450', password: 'Password1234!' });
    // The strength check is the server's: its field problem lands on the same input.
    await page
      .locator('.field .form-error', { hasText: 'Password is too easy to guess' })
      .waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up Tickmark' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tickmark is set up' }).waitFor();
    expect(await page.locator('.lede').innerText()).toContain('Meadow Learning Trust');

    await setup.signInAndOpenAdmin('rosalind@meadow.example', PASSWORD, '4826');
    await page.getByRole('button', { name: 'Schools' }).click();
    await page.getByRole('cell', { name: 'Meadow Primary School' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('School name').fill('Meadow Infants');
    await page.getByLabel('URN').fill('123451');
    await page.getByLabel('LA number').fill('202');
    await page.getByLabel('Establishment number').fill('3002');
    await page.getByRole('button', { name: 'Add school' }).click();
    await page.getByText('Meadow Infants was added, with you as its admin').waitFor();
    await page.getByRole('cell', { name: '202/3002' }).waitFor();
    expect(await page.getByRole('cell', { name: '123451' }).count()).toBe(1);
  });
});
