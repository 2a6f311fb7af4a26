/**
 * The report screens' tables on office and leadership screens, 1280 to 1920 px wide: no table is
 * clipped. A table wider than its box is allowed only when the box scrolls sideways and the first
 * column (the pupil or the row's name) stays in view (sticky); nothing is cut off by an
 * `overflow: hidden` ancestor, and the page itself never scrolls sideways. Every report screen is
 * opened as the admin of the demo school, the certificate and the absence mapping for a pupil
 * chosen with the type-ahead pupil box (Down, then Enter).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PinPage } from './pages/PinPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, type Tablet } from './support/browser';
import { e2eSchoolDay } from './support/provided';
import { at, DEMO_PASSWORD, groupOf, timesOf } from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let lead: Tablet | undefined;
const e2e = e2eFile(() => [lead]);

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/** Every way a table on the page is clipped, in words; empty when none is. */
function clippedTables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (el: Element) =>
      el.querySelector('caption')?.textContent?.trim() ?? el.className ?? el.tagName;
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) {
      problems.push(`the page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
    }
    for (const table of document.querySelectorAll('table')) {
      const box = table.parentElement;
      if (box === null || table.getBoundingClientRect().width === 0) continue;
      const boxStyle = getComputedStyle(box);
      if (table.scrollWidth > box.clientWidth + 1) {
        const scrolls = boxStyle.overflowX === 'auto' || boxStyle.overflowX === 'scroll';
        const firstCells = [...table.rows]
          .map((row) => row.cells[0])
          .filter((cell) => cell !== undefined);
        const sticky = firstCells.every((cell) => getComputedStyle(cell).position === 'sticky');
        if (!scrolls || !sticky) {
          problems.push(
            `${name(table)}: ${table.scrollWidth} px in a ${box.clientWidth} px box ` +
              `(overflow-x ${boxStyle.overflowX}, first column sticky: ${sticky})`,
          );
        }
      }
      const right = box.getBoundingClientRect().right;
      if (right > page.clientWidth + 1) {
        problems.push(`${name(table)}: its box ends at ${right} px, past ${page.clientWidth}`);
      }
      // Above the scrolling box, nothing may hide part of it.
      for (let el = box.parentElement; el !== null && el !== document.body; el = el.parentElement) {
        const style = getComputedStyle(el);
        const hides = ['hidden', 'clip'].includes(style.overflowX);
        if (hides && el.scrollWidth > el.clientWidth + 1) {
          problems.push(`${name(table)}: cut off by ${el.tagName}.${el.className}`);
        }
      }
    }
    return problems;
  });
}

/** Waits until the report on screen has finished loading (no progress bar). */
async function settled(page: Page): Promise<void> {
  await page.locator('.report-progress').waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
}

async function choosePupil(page: Page): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Pupil' });
  await box.focus();
  await box.press('ArrowDown');
  await page.getByRole('listbox', { name: 'Matching pupils' }).waitFor();
  // Where screenshots go to be looked at (not compared): E2E_SCREENSHOTS=folder.
  const shots = process.env.E2E_SCREENSHOTS;
  if (shots !== undefined) await page.screenshot({ path: `${shots}/reports-pupil-box.png` });
  await box.press('Enter');
  await page.getByRole('listbox', { name: 'Matching pupils' }).waitFor({ state: 'hidden' });
}

describe('report tables from 1280 to 1920 px', () => {
  it('clips no table on any report screen', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'PM');
    lead = await openTablet(e2e.browser, e2e.server.origin, {
      time: at(day, times.registerCloses + 5),
    });
    const { page } = lead;
    await page.setViewportSize(SIZES[1]);
    await new SignInPage(page).signIn('admin@oakfield.example', DEMO_PASSWORD);
    await new PinPage(page).choosePin('4826');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Reports', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Reports' });

    const seen: Record<string, number> = {};
    for (const screen of [
      'Attendance certificate',
      'Summaries',
      'Persistent and severe absence',
      'Penalty-notice threshold',
      'Lateness',
      'Duty alerts',
      'Absence mapping',
      'DfE comparison',
    ]) {
      await menu.getByRole('button', { name: screen }).click();
      if (screen === 'Attendance certificate' || screen === 'Absence mapping') {
        await choosePupil(page);
      }
      await settled(page);
      if (screen === 'Attendance certificate') await page.getByRole('article').waitFor();
      seen[screen] = await page.locator('table').count();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        expect(await clippedTables(page), `${screen} at ${size.width}×${size.height}`).toEqual([]);
      }
      await page.setViewportSize(SIZES[1]);
    }
    // The check looked at real tables: the certificate and the summaries always have some.
    expect(seen['Attendance certificate']).toBeGreaterThan(0);
    expect(seen.Summaries).toBeGreaterThan(0);

    // A summary split by a characteristic: each group beside the whole, no table clipped. With
    // REPORT_SCREENS=folder, the split at desktop size is kept (docs/screens/README.md).
    await menu.getByRole('button', { name: 'Summaries' }).click();
    await settled(page);
    await page.getByLabel('Split by').selectOption('fsm');
    const split = page.getByRole('table', { name: 'By free school meals' });
    await split.waitFor();
    await settled(page);
    expect(await split.getByRole('row').count()).toBe(4);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await clippedTables(page), `split at ${size.width}×${size.height}`).toEqual([]);
    }
    await page.setViewportSize(SIZES[1]);
    const screens = process.env.REPORT_SCREENS;
    if (screens !== undefined) {
      await page.getByRole('heading', { name: 'By free school meals' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${screens}/reports-split-1440x900.png` });
    }
    await page.getByLabel('Split by').selectOption('');

    // The check itself works: a table far wider than the screen passes while its box scrolls
    // with the first column sticky, and is reported once the box hides what overflows.
    await menu.getByRole('button', { name: 'Summaries' }).click();
    await settled(page);
    const table = page.locator('.report-table__table').first();
    await table.evaluate((el) => {
      el.style.minWidth = '3000px';
    });
    expect(await clippedTables(page)).toEqual([]);
    await table.evaluate((el) => {
      if (el.parentElement !== null) el.parentElement.style.overflowX = 'hidden';
    });
    expect((await clippedTables(page)).join('\n')).toMatch(
      /px in a \d+ px box \(overflow-x hidden/,
    );
  }, 300_000);
});
