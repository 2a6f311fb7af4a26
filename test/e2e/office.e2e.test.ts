/**
 * The acceptance in Chromium, on the built app against the real server:
 * (a) a teacher's tablet marks `N` while offline; the office, online, records "Illness — parent
 *     phoned" as `I` for that pupil and session; after both have synced the tablet shows `I`, and
 *     the entry's history in the office's pupil record shows both marks with who, when and why;
 * (b) the late book: an arrival one minute before the register closes is `L`, one at the close is
 *     `U`, and both pupils are on the fire roll call as on site.
 * The office works on its own "desk" (a second browser context), signed in as office staff.
 */
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { formatWallTime, type WallTime } from '../../src/domain';
import { OfficePage } from './pages/OfficePage';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, setTabletTime, type Tablet, waitForServiceWorker } from './support/browser';
import { HANNAH, signInAndChoosePin } from './support/flows';
import { eventually, OFFICE_EMAIL, OfficeApi } from './support/officeApi';
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

const OFFICE_NAME = 'Olivia Grant';
const OFFICE_PIN = '4826';
const day = e2eSchoolDay();
let tablet: Tablet | undefined;
let desk: Tablet | undefined;
const e2e = e2eFile(() => [tablet, desk]);

/**
 * Where screenshots go to be looked at (not compared): E2E_SCREENSHOTS=folder. The page is
 * scrolled so that `top` starts the picture.
 */
async function screenshot(page: Page, top: Locator, name: string): Promise<void> {
  const shots = process.env.E2E_SCREENSHOTS;
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${shots}/${name}.png` });
}

/** The visible buttons, checkboxes and selects inside `area` smaller than 48×48 CSS px. */
function smallControls(area: Locator): Promise<string[]> {
  return area.locator('button, select, input, summary').evaluateAll((controls) =>
    controls.flatMap((el) => {
      const box = el.getBoundingClientRect();
      const target = el instanceof HTMLInputElement ? (el.closest('label') ?? el) : el;
      const outer = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return [];
      return outer.height < 48 || outer.width < 48
        ? [`${(el.textContent ?? el.tagName).trim().slice(0, 30)} ${outer.width}×${outer.height}`]
        : [];
    }),
  );
}

/** Coming back to the tab makes the app sync (as it does on `visibilitychange`). */
async function returnToTab(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

/** The office signs in on its own desk and opens the office section. */
async function openOfficeDesk(time: Date): Promise<{ desk: Tablet; office: OfficePage }> {
  const opened = await openTablet(e2e.browser, e2e.server.origin, { time });
  await new SignInPage(opened.page).signIn(OFFICE_EMAIL, DEMO_PASSWORD);
  await new PinPage(opened.page).choosePin(OFFICE_PIN);
  const office = new OfficePage(opened.page);
  await office.open();
  return { desk: opened, office };
}

const sessionTitle = (weekday: string) => `${weekday}, morning`;

describe('the office', () => {
  it('records a parent’s call over a tablet’s offline N, and both marks stay in the history', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const pupil = uniquelyNamed(day, nursery)[6];
    if (pupil === undefined) throw new Error('The Nursery has too few pupils.');
    const name = displayNameOf(pupil);

    // The teacher's tablet: signed in online, then the wifi goes; the child is marked absent.
    tablet = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start + 2) });
    await waitForServiceWorker(tablet.page);
    const register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await tablet.context.setOffline(true);
    await register.waitForOnline(false);
    await register.markAbsent(name);
    await register.waitForCode(name, 'N');
    await register.waitForWaiting(1);

    // After the register closes the parent phones the office, which is online.
    const opened = await openOfficeDesk(at(day, times.registerCloses + 10));
    desk = opened.desk;
    const { office } = opened;
    await office.openPupilRecord(name);
    await office.recordMark('I', 'Illness — parent phoned');
    await new RegisterPage(desk.page).waitForWaiting(0);

    // The tablet reconnects and syncs: it shows the office's I.
    await tablet.context.setOffline(false);
    await register.waitForWaiting(0);
    await returnToTab(tablet.page);
    await register.waitForCode(name, 'I');

    // The server kept both marks, the office's applied.
    const api = await OfficeApi.signIn(e2e.server.origin);
    const stored = await eventually(
      () => api.entriesOf(pupil.id, day.date),
      (found) => (found.entries[0]?.events.length ?? 0) >= 2,
    );
    expect(stored.entries).toHaveLength(1);
    expect(stored.entries[0]?.code).toBe('I');
    expect(stored.entries[0]?.events.map((e) => [e.code, e.by.name, e.reason]).sort()).toEqual([
      ['I', OFFICE_NAME, 'Illness — parent phoned'],
      ['N', HANNAH.name, null],
    ]);

    // The office's pupil record shows both, with who, when and why.
    const weekday = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${day.date}T12:00:00Z`));
    const title = sessionTitle(weekday);
    await office.entry(title).waitFor();
    // The record may have loaded before the tablet's N reached the server (which has both now):
    // one refresh answered from here on shows both.
    const refreshed = desk.page.waitForResponse((response) =>
      /^\/api\/pupils\/[^/]+\/entries$/.test(new URL(response.url()).pathname),
    );
    await office.panel.getByRole('button', { name: 'Refresh' }).click();
    await refreshed;
    await office.openEntry(title);
    await office.entry(title).locator('tr.history-row').nth(1).waitFor();
    const rows = await office.history(title);
    const byMark = Object.fromEntries(rows.map((r) => [r.mark, r]));
    expect(Object.keys(byMark).sort()).toEqual(['I', 'N']);
    expect(byMark.I).toMatchObject({
      reason: 'Illness — parent phoned',
      who: `${OFFICE_NAME} (Office)`,
      observed: expect.stringMatching(/\d\d:\d\d$/),
      synced: expect.stringMatching(/\d\d:\d\d$/),
    });
    expect(byMark.N).toMatchObject({
      reason: '—',
      who: `${HANNAH.name} (Teacher)`,
      observed: expect.stringMatching(/\d\d:\d\d$/),
    });
    expect(byMark.I?.outcome).toMatch(/^Applied/);
    await expect
      .poll(async () => (await office.entry(title).locator('.entry-card__code').innerText()).trim())
      .toMatch(/^I /);
    // Two browsers, two sign-ins and two syncs: slow on a busy machine.
  }, 240_000);

  it('signs late arrivals in as L before the close and U at the close; both are on the roll call', async () => {
    const reception = groupOf(day, 'R');
    const times = timesOf(day, reception, 'AM');
    const [early, onTheMinute] = uniquelyNamed(day, reception).slice(2, 4);
    if (early === undefined || onTheMinute === undefined) {
      throw new Error('Reception has too few pupils.');
    }
    const lateMinutes = times.registerCloses - times.start;
    const oneMinuteBefore = at(day, times.registerCloses - 1);
    const atTheClose = at(day, times.registerCloses);

    if (desk === undefined) {
      desk = (await openOfficeDesk(oneMinuteBefore)).desk;
    } else {
      await setTabletTime(desk, oneMinuteBefore);
    }
    const office = new OfficePage(desk.page);

    expect(await office.arrivalTimeShown(displayNameOf(early))).toBe(
      formatWallTime((times.registerCloses - 1) as WallTime),
    );
    expect(await office.signInLate(displayNameOf(early))).toBe(
      `L — ${lateMinutes - 1} minutes late`,
    );
    await setTabletTime(desk, atTheClose);
    expect(await office.signInLate(displayNameOf(onTheMinute))).toBe(
      `U — after the register closed (${lateMinutes} minutes late)`,
    );
    await new RegisterPage(desk.page).waitForWaiting(0);

    // The server has both, with the arrival times and who signed them in.
    const api = await OfficeApi.signIn(e2e.server.origin);
    const events = await eventually(
      () => api.eventsOn(day.date),
      (found) => found.filter((e) => e.code === 'L' || e.code === 'U').length >= 2,
    );
    const late = events
      .filter((e) => e.pupilId === early.id || e.pupilId === onTheMinute.id)
      .map((e) => ({
        pupilId: e.pupilId,
        code: e.code,
        minutesLate: e.minutesLate,
        arrivedAt: e.arrivedAt,
        status: e.status,
        reason: e.reason,
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(late).toEqual([
      {
        pupilId: early.id,
        code: 'L',
        minutesLate: lateMinutes - 1,
        arrivedAt: oneMinuteBefore.toISOString(),
        status: 'applied',
        reason: `Signed in at the office at ${formatWallTime((times.registerCloses - 1) as WallTime)} by ${OFFICE_NAME}.`,
      },
      {
        pupilId: onTheMinute.id,
        code: 'U',
        minutesLate: lateMinutes,
        arrivedAt: atTheClose.toISOString(),
        status: 'applied',
        reason: `Signed in at the office at ${formatWallTime(times.registerCloses)} by ${OFFICE_NAME}.`,
      },
    ]);

    // The fire roll call has both on site, to be ticked off at the assembly point.
    await office.openRollCall();
    expect(await office.whereaboutsOf(displayNameOf(early))).toBe('on_site');
    expect(await office.whereaboutsOf(displayNameOf(onTheMinute))).toBe('on_site');
    await office.tick(displayNameOf(early));
    await expect
      .poll(() => office.rollCallLine(displayNameOf(early)).getByRole('checkbox').isChecked())
      .toBe(true);
    // A reload keeps the tick (it is in IndexedDB).
    await desk.page.reload();
    await new PinPage(desk.page).unlock(OFFICE_NAME, OFFICE_PIN);
    await office.open();
    await office.openRollCall();
    await expect
      .poll(() => office.rollCallLine(displayNameOf(early)).getByRole('checkbox').isChecked())
      .toBe(true);
  });

  it('filters the chase list by class and overdue, with codes in plain words; the pupil record is newest first under its summary', async () => {
    const nursery = groupOf(day, 'N2');
    const [first, second] = uniquelyNamed(day, nursery).slice(7, 9);
    if (first === undefined || second === undefined || tablet === undefined || desk === undefined) {
      throw new Error('The earlier tests set up the tablet and the desk, and the Nursery pupils.');
    }
    // Two more absences in the Nursery, marked on the teacher's tablet (online now).
    const register = new RegisterPage(tablet.page);
    for (const pupil of [first, second]) {
      await register.markAbsent(displayNameOf(pupil));
      await register.waitForCode(displayNameOf(pupil), 'N');
    }
    await register.waitForWaiting(0);

    const page = desk.page;
    const office = new OfficePage(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await office.openTab('Chase list');
    const cards = office.panel.locator('.chase-card');
    const card = cards.filter({ hasText: displayNameOf(first) });
    // The list may have been read before the tablet's marks arrived: refreshing is a tab away.
    await expect
      .poll(
        async () => {
          if ((await card.count()) === 0) {
            await office.openTab('Late book');
            await office.openTab('Chase list');
            // Counted once the list has loaded, not while it says "Loading".
            await office.panel
              .locator('.chase-filters')
              .or(office.panel.getByText(/No pupil has an N/))
              .waitFor();
          }
          return card.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);

    // Each code button says what it means on the button itself, and is a full touch target.
    const codes = card.getByRole('group', { name: `Reason for ${displayNameOf(first)}` });
    const words = (await codes.getByRole('button').allInnerTexts()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
    expect(words).toContain('I Illness');
    expect(words).toContain('M Leave for a medical or dental appointment');
    expect(await smallControls(office.panel.locator('.chase-list li').first())).toEqual([]);
    expect(await smallControls(office.panel.locator('.chase-filters'))).toEqual([]);

    // The class filter leaves only the Nursery's cards.
    const all = await cards.count();
    await page.getByLabel('Class').selectOption({ label: nursery.name });
    const classes = await office.panel.locator('.chase-card__header .hint').allInnerTexts();
    expect(classes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(classes)).toEqual(new Set([nursery.name]));
    await screenshot(page, office.panel, 'office-chase-1440x900');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await smallControls(office.panel.locator('.chase-list li').first())).toEqual([]);
    await screenshot(page, office.panel.locator('.chase-filters'), 'office-chase-390x844');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Overdue only: today's absences are not overdue, so they go; every card left is overdue.
    await page.getByLabel('Class').selectOption({ label: 'Every class' });
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(all);
    await page.getByLabel(/Only overdue/).check();
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(0);
    const overdue = await cards.evaluateAll((found) =>
      found.map((c) => c.classList.contains('chase-card--overdue')),
    );
    expect(overdue.every(Boolean)).toBe(true);
    await expect
      .poll(
        () =>
          office.panel
            .getByRole('status')
            .filter({ hasText: /^Showing / })
            .innerText(),
        { timeout: 10_000 },
      )
      .toBe(`Showing ${overdue.length} of ${all}.`);
    await page.getByLabel(/Only overdue/).uncheck();

    // The pupil record: the summary at the top, then the sessions newest first.
    await office.openPupilRecord(displayNameOf(first));
    const summary = office.panel.getByRole('table', { name: 'Attendance so far' });
    await summary.waitFor();
    const thisYear = summary.getByRole('row').filter({ hasText: 'This year' });
    const cells = await thisYear.getByRole('cell').allInnerTexts();
    expect(cells[0]).toMatch(/^\d+(\.\d)? %$/);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(1);
    const sessions = office.panel.locator('.entry-card');
    await sessions.first().waitFor();
    const keys = await sessions.evaluateAll((found) =>
      found.map((el) => el.getAttribute('data-session') ?? ''),
    );
    expect(keys[0]).toBe(`${day.date}:AM`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(await smallControls(office.panel.locator('.record-day').first())).toEqual([]);
    await screenshot(page, office.panel, 'office-pupil-record-1440x900');
  }, 240_000);
});
