/**
 * The attendance lead closes the Nursery's morning register earlier in Admin → Settings (a new
 * version in force from the server's today), and the teacher's tablet follows it: an arrival
 * that was `L` becomes `U`. The tablet's session is the first open school day on or after the
 * server's today, so the version applies whatever the real date is (the server's clock is real);
 * only the tablet's clock moves.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  addDays,
  openSessionsBetween,
  schoolInstant,
  toSchoolWallClock,
  wallTime,
} from '../../src/domain';
import type { ServerProcess } from '../process/serverProcess';
import { PinPage } from './pages/PinPage';
import { SignInPage } from './pages/SignInPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, signInAndChoosePin, unlock } from './support/flows';
import { e2eSchoolDay } from './support/provided';
import { DEMO_PASSWORD, displayNameOf, groupOf, uniquelyNamed } from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;
let desk: Tablet | undefined;

/** Where the screenshots go: looked at by a person, not compared by the test. */
const SHOTS = process.env.SETTINGS_SCREENSHOTS ?? path.join('/tmp', 'tickmark-settings-shots');

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet, desk));
reportOnFailure(() => ({ server, tablets: [tablet, desk] }));

describe('settings', () => {
  it('a register-close time changed in Settings decides the next late arrival on the tablet', async () => {
    const zone = day.config.timeZone;
    const today = toSchoolWallClock(new Date(), zone).date;
    const sessions = openSessionsBetween(day.config, today, addDays(today, 30));
    const target = sessions.find((s) => s.part === 'AM')?.date;
    if (target === undefined) throw new Error(`No open morning within 30 days of ${today}.`);
    const nursery = groupOf(day, 'N2');
    const [pupil] = uniquelyNamed(day, nursery);
    if (pupil === undefined) throw new Error('The Nursery has no pupils.');
    // The Nursery registers 09:00–09:15 (its own times); a child arrives at 09:10.
    const arrival = schoolInstant(target, wallTime('09:10'), zone);

    tablet = await openTablet(browser, server.origin, { time: arrival });
    await tablet.page.setViewportSize({ width: 800, height: 1280 });
    let register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    expect(await register.startLate(displayNameOf(pupil))).toBe('L — 10 minutes late');
    await register.closeSheet();

    // The attendance lead, at a desk, closes the Nursery's morning register at 09:05 from today.
    desk = await openTablet(browser, server.origin, { time: new Date() });
    await desk.page.setViewportSize({ width: 1440, height: 900 });
    await new SignInPage(desk.page).signIn('lead@oakfield.example', DEMO_PASSWORD);
    await new PinPage(desk.page).choosePin('4826');
    await desk.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin', exact: true })
      .click();
    const page = desk.page;
    const closes = page.getByLabel('Other times 1: morning closes');
    await expect.poll(() => closes.inputValue(), { timeout: 30_000 }).toBe('09:15');
    await page.getByLabel('Other times 1: for').selectOption({ label: 'Nursery N2' });
    await closes.fill('09:05');
    await page.getByLabel('Pupil in').selectOption({ label: 'Nursery N2' });
    await page.getByLabel('Arriving at').fill('09:10');
    await page
      .getByText(
        'A nursery (N2) pupil arriving at 09:10 is U, 10 minutes late (register 09:00 to 09:05).',
      )
      .waitFor();
    await page.getByLabel('Why (optional)').fill('Nursery doors close earlier');
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'settings-1440x900.png') });
    await page.screenshot({ path: path.join(SHOTS, 'settings-full-1440x900.png'), fullPage: true });
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'settings-800x1280.png') });
    await page.getByRole('button', { name: 'Save settings' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText(/Version 1/).waitFor();
    await history
      .getByText(
        "Year group N2's times are morning 09:00 to 09:05, afternoon 12:00 to 12:15 (were morning 09:00 to 09:15, afternoon 12:00 to 12:15)",
      )
      .waitFor();
    await page.screenshot({
      path: path.join(SHOTS, 'settings-saved-800x1280.png'),
      fullPage: true,
    });

    // The tablet takes the new version at its next sync (a restart syncs at once) and follows it.
    await tablet.page.reload();
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await expect
      .poll(
        async () => {
          const decision = await register.startLate(displayNameOf(pupil));
          await register.closeSheet();
          return decision;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('U — after the register closed (10 minutes late)');
  });
});
