/**
 * The built PWA runs under the server's Content-Security-Policy without one violation: a
 * teacher's sign-in, PIN and register with a mark; an admin through the office tabs, trips,
 * reports (with the summary's charts) and administration. Every `securitypolicyviolation` event
 * of every page, and every console message about the policy, is collected. Then a script
 * injected into the page must not run: the policy is really in force, not merely absent.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { OfficePage } from './pages/OfficePage';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, type Tablet } from './support/browser';
import { HANNAH } from './support/flows';
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
let teacher: Tablet | undefined;
let admin: Tablet | undefined;
const e2e = e2eFile(() => [teacher, admin]);

/**
 * Starts collecting every policy violation in `context`'s pages (from the next page loaded on)
 * and every console line about the policy.
 */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const found: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    found.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void })
        .__reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(`console: ${message.text()}`);
  });
  return found;
}

/**
 * Whether a script added to the page runs (it must not under the policy). An inline script runs
 * as it is added; a refused one is reported by a `securitypolicyviolation` event, which this
 * waits for, so the violation is in the watch's list when this returns.
 */
async function injectedScriptRuns(tablet: Tablet): Promise<boolean> {
  return tablet.page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const flag = window as unknown as { __injectedRan?: boolean };
        document.addEventListener('securitypolicyviolation', () => resolve(false), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__injectedRan = true;';
        document.head.append(script);
        if (flag.__injectedRan === true) resolve(true);
      }),
  );
}

describe('the Content-Security-Policy', () => {
  it('lets a teacher sign in and take a register without a violation', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const [first] = uniquelyNamed(day, nursery).map(displayNameOf) as [string];
    teacher = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start + 5) });
    const violations = await watchViolations(teacher.context);
    // The page opened before the watch: load it again under it.
    const { page } = teacher;
    await page.reload();

    const signIn = new SignInPage(page);
    await signIn.signIn(HANNAH.email, 'not-the-password');
    await signIn.error.waitFor();
    await signIn.signIn(HANNAH.email, DEMO_PASSWORD);
    await new PinPage(page).choosePin(HANNAH.pin);
    const register = new RegisterPage(page);
    await register.waitUntilShown(nursery.name);
    await register.tapAndWait(first, '/');
    await register.openChoices(first);
    await register.closeSheet();

    expect(violations).toEqual([]);
    expect(await injectedScriptRuns(teacher)).toBe(false);
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });

  it('lets an admin use the office, trips, reports and administration without a violation', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    admin = await openTablet(e2e.browser, e2e.server.origin, {
      time: at(day, times.registerCloses + 5),
    });
    const violations = await watchViolations(admin.context);
    const { page } = admin;
    await page.reload();

    await new SignInPage(page).signIn('admin@oakfield.example', DEMO_PASSWORD);
    await new PinPage(page).choosePin('4826');
    const office = new OfficePage(page);
    await office.open();
    for (const tab of ['Today', 'Chase list', 'Conflicts', 'Fire roll call', 'Absentees']) {
      await office.openListTab(tab);
    }
    const sections = page.getByRole('navigation', { name: 'Sections' });
    for (const [section, heading] of [
      ['Trips', 'Trips'],
      ['Reports', 'Reports'],
      ['Admin', 'Administration'],
    ] as const) {
      await sections.getByRole('button', { name: section, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (section === 'Reports') {
        // The summaries draw their charts with uPlot on a canvas.
        await page
          .getByRole('navigation', { name: 'Reports' })
          .getByRole('button', { name: 'Summaries' })
          .click();
        await page
          .getByRole('figure', { name: 'Attendance by weekday' })
          .locator('canvas')
          .first()
          .waitFor();
      }
      await page.waitForLoadState('networkidle');
    }

    expect(violations).toEqual([]);
    expect(await injectedScriptRuns(admin)).toBe(false);
  }, 300_000);
});
