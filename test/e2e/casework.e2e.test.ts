/**
 * Casework in Chromium, as the attendance lead's desktop sees it: the Casework section (loaded on
 * demand) opens on the day's list, a pupil's case is opened with the type-ahead pupil box, an
 * action is added, and its letter is made as a PDF on the server, offered to open and print; the
 * PDF is fetched with the page's own session and checked to be one. With CASEWORK_SCREENS=folder
 * the screens are written there at desktop size (docs/screens/casework-*.png were made so).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PinPage } from './pages/PinPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, type Tablet } from './support/browser';
import { e2eFile } from './support/e2eFile';
import { DEMO_PASSWORD } from './support/schoolDay';

let lead: Tablet | undefined;
const e2e = e2eFile(() => [lead]);

/** The screen at desktop size, `from` scrolled to the top when given. */
async function shoot(page: Page, name: string, from?: string): Promise<void> {
  const folder = process.env.CASEWORK_SCREENS;
  if (folder === undefined) return;
  if (from !== undefined) {
    await page.getByRole('heading', { name: from }).evaluate((el) => el.scrollIntoView());
    await page.evaluate(() => window.scrollBy(0, -120));
  }
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await page.screenshot({ path: `${folder}/casework-${name}-1440x900.png` });
}

describe('casework', () => {
  it('goes from the day’s list to a case, adds an action and makes its letter as a PDF', async () => {
    // The server's own clock: cases, letters and their dates are the server's today.
    lead = await openTablet(e2e.browser, e2e.server.origin, { time: new Date() });
    const { page } = lead;
    await page.setViewportSize({ width: 1440, height: 900 });
    await new SignInPage(page).signIn('admin@oakfield.example', DEMO_PASSWORD);
    await new PinPage(page).choosePin('4826');
    const gotIt = page.getByRole('button', { name: 'Got it' });
    if (await gotIt.isVisible()) await gotIt.click();
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Casework', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Casework' }).waitFor();
    await page.getByRole('heading', { name: /^Actions due \(\d+\)$/ }).waitFor();
    await page.getByRole('heading', { name: /^Proposed by the ladder \(\d+\)$/ }).waitFor();
    await shoot(page, 'due');

    const menu = page.getByRole('navigation', { name: 'Casework' });
    await menu.getByRole('button', { name: 'Pupil’s case' }).click();
    const box = page.getByRole('combobox', { name: 'Pupil' });
    await box.focus();
    await box.press('ArrowDown');
    await page.getByRole('listbox', { name: 'Matching pupils' }).waitFor();
    await box.press('Enter');
    await page.getByRole('heading', { name: /^Timeline \(\d+\)$/ }).waitFor();
    const before = Number(
      /\((\d+)\)/.exec(
        (await page.getByRole('heading', { name: /^Timeline/ }).textContent()) ?? '',
      )?.[1],
    );

    await page.getByLabel('Kind of action').selectOption('letter');
    await page.getByLabel('Title (optional)').fill('Stage one letter');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByText(/^Stage one letter added to .+’s case\.$/).waitFor();
    await page.getByRole('heading', { name: `Timeline (${before + 1})` }).waitFor();

    await page.getByRole('button', { name: 'Letters for Stage one letter' }).first().click();
    await page.getByLabel('Letter template').first().selectOption('stage-1');
    await page.getByRole('button', { name: 'Make the letter (PDF)' }).first().click();
    await page
      .getByText(/^Letter made: stage-1-.+\.pdf, to .+\. Open it to print, or email it\.$/)
      .waitFor();
    const open = page
      .getByRole('link', { name: /^Open stage-1-.+\.pdf to print or save$/ })
      .first();
    await open.waitFor();
    await shoot(page, 'case', 'Pupil’s case');

    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/api\/casework\/letters\/[0-9a-f-]{36}$/);
    const pdf = await page.context().request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await menu.getByRole('button', { name: 'Part-time timetables' }).click();
    await page.getByRole('heading', { name: 'Agree a part-time timetable' }).waitFor();
    await shoot(page, 'part-time');
    await menu.getByRole('button', { name: 'Penalty notices' }).click();
    await page.getByRole('heading', { name: 'Every penalty notice' }).waitFor();
    await page
      .getByText(/No penalty notices are recorded|Considered|Issued|Paid/)
      .first()
      .waitFor();
    await shoot(page, 'penalty-notices');
  });
});
