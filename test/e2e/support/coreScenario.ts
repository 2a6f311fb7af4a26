/**
 * The register's core flow, written once and run in each browser engine (Chromium through
 * Playwright in coreRegister.e2e.test.ts, WebKit through WebDriver in
 * coreRegister.webkit.test.ts): sign in, choose a PIN, mark (a tap, the mark sheet, "Mark the
 * rest present"), lose the connection, reload from the service worker, unlock, keep marking,
 * sync each mark exactly once, and take an update offered while the register is open.
 *
 * Each engine gives the scenario a tablet with the same steps in the teacher's words; the
 * Chromium one is the page objects in `../pages`, the WebKit one `../pages/WebKitTablet.ts`.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { newBuildOfRun } from './build';
import { HANNAH, type Teacher } from './flows';
import { eventually, OfficeApi } from './officeApi';
import { displayNameOf, groupOf, pupilsOf, type SchoolDay } from './schoolDay';

/** The register screen, as both engines' page objects offer it. */
export interface CoreRegister {
  waitUntilShown(groupName?: string): Promise<void>;
  tapAndWait(name: string, code: string): Promise<void>;
  markAbsent(name: string): Promise<void>;
  waitForCode(name: string, code: string): Promise<void>;
  codeOf(name: string): Promise<string>;
  countText(): Promise<string>;
  markRestPresent(): Promise<void>;
  waitForWaiting(count: number, timeoutMs?: number): Promise<void>;
}

/** One tablet in one engine, already open on the app with its clock set. */
export interface CoreTablet {
  /** Waits until the service worker controls the page (reloading once if need be). */
  waitForServiceWorker(): Promise<void>;
  signInAndChoosePin(teacher: Teacher): Promise<CoreRegister>;
  /** Reloads the page (from the service worker when the network is gone). */
  reload(): Promise<void>;
  waitUntilLocked(): Promise<void>;
  unlock(teacher: Teacher): Promise<CoreRegister>;
  /** The tab comes back into view: the app checks for a new version. */
  checkForUpdate(): Promise<void>;
  /** Waits for "A new version of Tickmark is ready" and returns what it says. */
  updatePromptText(): Promise<string>;
  /** Presses "Update now" and waits for the page to load the new version. */
  acceptUpdate(): Promise<void>;
  /** The `tickmark-build` label of the version the page runs (null for the first build). */
  buildLabel(): Promise<string | null>;
}

/** The tablet's way to the office: cut (wifi gone) and restored. */
export interface CoreNetwork {
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export const NEW_BUILD = 'e2e-v2';

/**
 * Puts the next version in place of the files the server serves from `servedDir` (its
 * `CLIENT_DIR`), as a deploy would. The next version is a real `vite build` of the app with
 * vite.newBuild.config.ts, which adds a `<meta name="tickmark-build">` so the tests can tell the
 * versions apart; it is built once per run and copied for each test that deploys it
 * (`newBuildOfRun` in build.ts).
 */
export async function deployNewBuild(servedDir: string): Promise<void> {
  const outDir = await newBuildOfRun(['--config', 'test/e2e/support/vite.newBuild.config.ts'], {
    TICKMARK_E2E_BUILD: NEW_BUILD,
  });
  for (const entry of await readdir(servedDir)) {
    await rm(join(servedDir, entry), { recursive: true, force: true });
  }
  await cp(outDir, servedDir, { recursive: true });
}

/**
 * The scenario. The tablet was opened ten minutes before the Nursery's morning register on the
 * run's school day; the server serves `servedDir` at `origin`.
 */
export async function coreRegisterScenario(options: {
  readonly day: SchoolDay;
  readonly origin: string;
  readonly servedDir: string;
  readonly tablet: CoreTablet;
  readonly network: CoreNetwork;
}): Promise<void> {
  const { day, origin, servedDir, tablet, network } = options;
  const nursery = groupOf(day, 'N2');
  const pupils = pupilsOf(day, nursery);
  const names = pupils.map(displayNameOf);
  const [first, second, third, fourth] = names as [string, string, string, string];
  const office = await OfficeApi.signIn(origin);

  // Online: sign in, choose a PIN, the teacher's own class opens; a tap and the mark sheet.
  await tablet.waitForServiceWorker();
  let register = await tablet.signInAndChoosePin(HANNAH);
  await register.waitUntilShown(nursery.name);
  expect(await register.countText()).toBe(`${names.length} of ${names.length} still to mark`);
  await register.tapAndWait(first, '/');
  await register.markAbsent(second);
  await register.waitForCode(second, 'N');
  await register.waitForWaiting(0);

  // The connection goes: a mark is kept on the tablet, and survives a reload, which the
  // service worker answers; the teacher unlocks with the PIN and goes on marking.
  await network.cut();
  await register.tapAndWait(third, '/');
  await register.waitForWaiting(1);
  await tablet.reload();
  await tablet.waitUntilLocked();
  register = await tablet.unlock(HANNAH);
  await register.waitUntilShown(nursery.name);
  expect([await register.codeOf(first), await register.codeOf(second)]).toEqual(['/', 'N']);
  expect(await register.codeOf(third)).toBe('/');
  await register.waitForWaiting(1);
  await register.tapAndWait(fourth, '/');
  await register.waitForWaiting(2);

  // Back online: the two waiting marks are sent, and each reaches the office once.
  await network.restore();
  await register.waitForWaiting(0, 60_000);
  const afterSync = await eventually(
    () => office.eventsOn(day.date),
    (found) => found.length >= 4,
  );
  expect(afterSync.map((e) => [e.pupilId, e.code]).sort()).toEqual(
    pupils
      .slice(0, 4)
      .map((p, i) => [p.id, i === 1 ? 'N' : '/'])
      .sort(),
  );

  // A new version is deployed while the register is open: it is offered, not forced.
  await deployNewBuild(servedDir);
  await tablet.checkForUpdate();
  expect(await tablet.updatePromptText()).toContain('A new version of Tickmark is ready');
  expect(await tablet.buildLabel()).toBeNull();
  await tablet.acceptUpdate();
  expect(await tablet.buildLabel()).toBe(NEW_BUILD);
  await tablet.waitUntilLocked();
  register = await tablet.unlock(HANNAH);
  await register.waitUntilShown(nursery.name);
  expect(await register.codeOf(fourth)).toBe('/');

  // The rest of the class present in one go; every pupil reaches the office exactly once.
  await register.markRestPresent();
  expect(await register.countText()).toBe(`All ${names.length} marked`);
  await register.waitForWaiting(0, 60_000);
  const events = await eventually(
    () => office.eventsOn(day.date),
    (found) => found.length >= pupils.length,
  );
  expect(events).toHaveLength(pupils.length);
  expect(new Set(events.map((e) => e.eventId)).size).toBe(pupils.length);
  expect(new Set(events.map((e) => e.pupilId))).toEqual(new Set(pupils.map((p) => p.id)));
}
