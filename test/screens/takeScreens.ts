/**
 * `npm run screens`: screenshots of the register, the office's chase list and a trip's register at
 * the four sizes the layout is tested at, written to docs/screens/ (docs/screens/README.md).
 *
 * It starts what the benchmarks start (test/bench/support/browserBench.ts): the built app (built
 * here, or `BENCH_CLIENT_DIR`), the demo school seeded as on a recent school day, the server on a
 * free port and Debian's Chromium. A teacher marks part of their register (three pupils absent,
 * one late), the office opens the chase list, and the office creates a trip today that the
 * teacher leads; each screen is taken at 800×1280, 1280×800, 390×844 and 1440×900.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { OfficePage } from '../e2e/pages/OfficePage';
import { PinPage } from '../e2e/pages/PinPage';
import { RegisterPage } from '../e2e/pages/RegisterPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { TripPage } from '../e2e/pages/TripPage';
import { OFFICE_EMAIL } from '../e2e/support/officeApi';
import { at, chooseSchoolDay, DEMO_PASSWORD, groupOf, timesOf } from '../e2e/support/schoolDay';
import { FAKETIME_LIBRARY } from '../e2e/support/webkit';
import {
  startBrowserBench,
  stopBrowserBench,
  TEACHER,
  type BrowserBench,
} from '../bench/support/browserBench';

const OUT = resolve(import.meta.dirname, '../../docs/screens');
export const SIZES = [
  { name: 'portrait-tablet', width: 800, height: 1280 },
  { name: 'landscape-tablet', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

async function shootAtEverySize(
  page: Page,
  screen: string,
  ready: () => Promise<void>,
): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await ready();
    // The layout settles in a frame after the resize.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const file = join(OUT, `${screen}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
}

/** A teacher reads the storage notice once and dismisses it ("Got it"), as on a real tablet. */
async function dismissStorageNotice(page: Page): Promise<void> {
  const gotIt = page.getByRole('button', { name: 'Got it' });
  if (await gotIt.isVisible()) await gotIt.click();
}

async function newTablet(setUp: BrowserBench, time: Date): Promise<Page> {
  const context = await setUp.browser.newContext({
    baseURL: setUp.server.origin,
    serviceWorkers: 'allow',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 800, height: 1280 },
  });
  await context.clock.setFixedTime(time);
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  let setUp: BrowserBench | undefined;
  try {
    // The school day and the moment the screens show; the server's clock is moved there too
    // (libfaketime, as the WebKit tests move the browser's), or the tablets would warn that
    // their clock is days slow.
    const day = chooseSchoolDay(new Date());
    const time = at(day, timesOf(day, groupOf(day, '6'), 'AM').start + 12);
    const offsetSeconds = Math.round((time.getTime() - Date.now()) / 1000);
    setUp = await startBrowserBench({
      serverEnv: {
        LD_PRELOAD: FAKETIME_LIBRARY,
        FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      },
    });

    // The teacher's register, part-marked.
    const teacher = await newTablet(setUp, time);
    await new SignInPage(teacher).signIn(TEACHER.email, DEMO_PASSWORD);
    await new PinPage(teacher).choosePin(TEACHER.pin);
    const register = new RegisterPage(teacher);
    await register.waitUntilShown(setUp.groupName);
    await dismissStorageNotice(teacher);
    const names = await register.pupilNames();
    for (const name of names.slice(0, 3)) await register.markAbsent(name);
    const late = names[3];
    if (late !== undefined) {
      await register.startLate(late);
      await register.recordLate();
    }
    for (const name of names.slice(4, 12)) await register.tap(name);
    await register.waitForWaiting(0);
    await shootAtEverySize(teacher, 'register', () => register.waitUntilShown(setUp?.groupName));

    // The office: the chase list, then a trip today led by the teacher.
    const desk = await newTablet(setUp, time);
    await new SignInPage(desk).signIn(OFFICE_EMAIL, DEMO_PASSWORD);
    await new PinPage(desk).choosePin('3691');
    await dismissStorageNotice(desk);
    const office = new OfficePage(desk);
    await office.open();
    await office.openListTab('Chase list');
    await shootAtEverySize(desk, 'office-chase', () => office.openListTab('Chase list'));

    const trips = new TripPage(desk);
    await trips.open();
    const tripName = 'Museum visit';
    await trips.createTrip({
      name: tripName,
      leader: TEACHER.name,
      group: setUp.groupName,
      leaveOff: [],
      from: { date: setUp.day.date, part: 'Afternoon' },
      to: { date: setUp.day.date, part: 'Afternoon' },
    });

    const leaderTrips = new TripPage(teacher);
    await leaderTrips.open();
    await leaderTrips.waitForTrip(tripName);
    await shootAtEverySize(teacher, 'trip-register', () => leaderTrips.waitForTrip(tripName));
  } finally {
    await stopBrowserBench(setUp);
  }
}

await main();
