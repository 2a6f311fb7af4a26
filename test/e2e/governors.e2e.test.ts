/**
 * A governor of the demo school signs in on a desk browser and sees the termly pack
 * (docs/governors.md): figures with their possible sessions, no pupil's name anywhere on the
 * page, no register and no other section, and no sync problem shown for the sync the server
 * refuses them. From the same browser session, an endpoint naming a pupil answers 403, and the
 * pack's PDF downloads.
 */
import { describe, expect, it } from 'vitest';
import { PinPage } from './pages/PinPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, type Tablet } from './support/browser';
import { e2eFile } from './support/e2eFile';
import { e2eSchoolDay } from './support/provided';
import { DEMO_PASSWORD } from './support/schoolDay';

const day = e2eSchoolDay();
let desk: Tablet | undefined;
const e2e = e2eFile(() => [desk]);

describe('a governor', () => {
  it('signs in and sees the pack, naming no pupil, and is refused a pupil’s record', async () => {
    desk = await openTablet(e2e.browser, e2e.server.origin, { time: new Date() });
    const { page } = desk;
    await page.setViewportSize({ width: 1440, height: 900 });
    // The tablet's sync engine starts after the first screen; the server refuses a governor it.
    const syncAnswered = page.waitForResponse((r) => r.url().includes('/api/sync/'));
    await new SignInPage(page).signIn('governor@oakfield.example', DEMO_PASSWORD);
    await new PinPage(page).choosePin('4826');

    await page.getByRole('heading', { level: 1, name: 'Governors' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Oakfield Primary School: / }).waitFor();
    // A governor has this one section: no register, no menu of sections.
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    // The refusal is no problem to show: nothing of this tablet's is waiting to be sent.
    expect((await syncAnswered).status()).toBe(403);
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Sync problem').count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Figures');
    expect(text).toMatch(/Attendance\s+[\d.]+% of [\d,]+ sessions|Attendance\s+n\/a of 0 sessions/);
    expect(text).toContain('No pupil is named in this pack.');
    // With E2E_SCREENSHOTS=folder, the pack as a governor sees it at a desk and on a phone
    // (docs/screens), to be looked at, not compared.
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots !== undefined)
      await page.screenshot({ path: `${shots}/governors-pack-1440x900.png`, fullPage: true });
    // On a phone the pack fits the screen: nothing pushes the page sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    if (shots !== undefined)
      await page.screenshot({ path: `${shots}/governors-pack-390x844.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const pupil of day.demo.pupils) {
      expect(text).not.toContain(`${pupil.preferredFirstName} ${pupil.lastName}`);
      expect(text).not.toContain(pupil.lastName);
    }

    const pupilId = day.demo.pupils[0]?.id ?? '';
    const answers = await page.evaluate(
      async ({ pupil, pdf }) => {
        const entries = await fetch(`/api/pupils/${pupil}/entries`);
        const snapshot = await fetch('/api/sync/snapshot');
        const file = await fetch(pdf);
        return {
          entries: entries.status,
          snapshot: snapshot.status,
          pdf: [file.status, file.headers.get('content-type')],
        };
      },
      {
        pupil: pupilId,
        pdf: (await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')) ?? '',
      },
    );
    expect(answers).toEqual({
      entries: 403,
      snapshot: 403,
      pdf: [200, 'application/pdf'],
    });
  });
});
