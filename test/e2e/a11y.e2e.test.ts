/**
 * "axe-core finds no serious or critical violation on the sign-in, lock and register
 * screens" — checked in the built app in Chromium, on each screen a teacher meets and with the
 * mark sheet, the late step and the register picker open.
 */
import { describe, expect, it } from 'vitest';
import { OfficePage } from './pages/OfficePage';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { seriousViolations } from './support/axe';
import { openTablet, type Tablet } from './support/browser';
import { HANNAH } from './support/flows';
import { OFFICE_EMAIL } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  DEMO_PASSWORD,
  displayNameOf,
  groupOf,
  timesOf,
  uniquelyNamed,
} from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let tablet: Tablet | undefined;
let desk: Tablet | undefined;
const e2e = e2eFile(() => [tablet, desk]);

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation on the sign-in, PIN, lock and register screens', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const [first, second] = uniquelyNamed(day, nursery).map(displayNameOf) as [string, string];
    tablet = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start + 5) });
    const { page } = tablet;
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      found[screen] = await seriousViolations(page);
    };

    const signIn = new SignInPage(page);
    await signIn.waitUntilShown();
    await check('sign-in');
    await signIn.signIn(HANNAH.email, 'not-the-password');
    await signIn.error.waitFor();
    await check('sign-in with an error');

    await signIn.signIn(HANNAH.email, DEMO_PASSWORD);
    await page.getByLabel('New PIN').waitFor();
    await check('choose a PIN');
    const pins = new PinPage(page);
    await pins.choosePin(HANNAH.pin);

    const register = new RegisterPage(page);
    await register.waitUntilShown(nursery.name);
    await check('register, unmarked');
    await register.tapAndWait(first, '/');
    await register.openChoices(first);
    await check('mark sheet');
    await register.closeSheet();
    await register.startLate(second);
    await check('mark sheet, late arrival');
    await register.recordLate();
    await page.getByRole('button', { name: 'Change register' }).click();
    await page.getByRole('dialog', { name: 'Change register' }).waitFor();
    await check('register picker');
    await page.keyboard.press('Escape');
    await check('register, partly marked');

    await register.lock();
    await pins.waitUntilLocked();
    await check('lock screen');
    await pins.enterPin(HANNAH.name, '0000');
    await pins.error.waitFor();
    await check('lock screen with a wrong PIN');
    for (let i = 0; i < 4; i += 1) await pins.enterPin(HANNAH.name, '0000');
    await pins.lockedOutNotice.waitFor();
    await check('lock screen, locked out');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((screen) => [screen, []])));
  });

  // The chase list and the roll call list the whole demo school: axe takes a while on them.
  it('finds no serious or critical violation on the office screens', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const [first] = uniquelyNamed(day, nursery).map(displayNameOf) as [string];
    desk = await openTablet(e2e.browser, e2e.server.origin, {
      time: at(day, times.registerCloses + 5),
    });
    const { page } = desk;
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      found[screen] = await seriousViolations(page);
    };
    await new SignInPage(page).signIn(OFFICE_EMAIL, DEMO_PASSWORD);
    await new PinPage(page).choosePin('4826');
    const office = new OfficePage(page);
    await office.open();
    for (const tab of ['Today', 'Chase list', 'Conflicts', 'Fire roll call', 'Absentees']) {
      await office.openListTab(tab);
      await check(`office: ${tab}`);
    }
    await office.openPupilRecord(first);
    await office.panel
      .getByRole('button', { name: 'Refresh' })
      .or(office.panel.locator('.notice'))
      .first()
      .waitFor();
    await check('office: pupil record');
    await office.openTab('Late book');
    await office.panel.getByLabel(/Pupil arriving/).fill(first.split(' ')[0] ?? first);
    await office.panel
      .getByRole('button', { name: new RegExp(`^${first}`) })
      .first()
      .click();
    await office.panel.getByLabel('Arrival time').waitFor();
    await check('office: late book');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((screen) => [screen, []])));
  }, 300_000);

  it('reports a serious violation when there is one (the check itself works)', async () => {
    const context = await e2e.browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent(
        '<!doctype html><html lang="en"><title>x</title><main><h1>x</h1><button></button></main></html>',
      );
      expect(await seriousViolations(page)).toEqual([
        expect.stringMatching(/^button-name \(critical\)/),
      ]);
    } finally {
      await context.close();
    }
  });
});
