/**
 * The acceptance in Chromium, on the built app against the real server:
 * (a) a teacher's tablet marks `N` while offline; the office, online, records "Illness — parent
 *     phoned" as `I` for that pupil and session; after both have synced the tablet shows `I`, and
 *     the entry's history in the office's pupil record shows both marks with who, when and why;
 * (b) the late book: an arrival one minute before the register closes is `L`, one at the close is
 *     `U`, and both pupils are on the fire roll call as on site.
 * The office works on its own "desk" (a second browser context), signed in as office staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatWallTime, type WallTime } from '../../src/domain';
import type { ServerProcess } from '../process/serverProcess';
import { OfficePage } from './pages/OfficePage';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  setTabletTime,
  shutDown,
  type Tablet,
  waitForServiceWorker,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
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

const OFFICE_NAME = 'Olivia Grant';
const OFFICE_PIN = '4826';
const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;
let desk: Tablet | undefined;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet, desk));
reportOnFailure(() => ({ server, tablets: [tablet, desk] }));

/** Coming back to the tab makes the app sync (as it does on `visibilitychange`). */
async function returnToTab(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

/** The office signs in on its own desk and opens the office section. */
async function openOfficeDesk(time: Date): Promise<{ desk: Tablet; office: OfficePage }> {
  const opened = await openTablet(browser, server.origin, { time });
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
    tablet = await openTablet(browser, server.origin, { time: at(day, times.start + 2) });
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
    const api = await OfficeApi.signIn(server.origin);
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
    const api = await OfficeApi.signIn(server.origin);
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
});
