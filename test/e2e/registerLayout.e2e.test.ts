/**
 * The register on the screens schools use: a class of 30 fits one portrait 10-inch tablet
 * (800×1280 CSS px) without scrolling, each tile at least 48 px tall with the name in large
 * type; on a landscape tablet, a phone and a desktop every target is at least 48×48 px and axe
 * finds nothing serious; and the keyboard works: a skip link first, then the arrow keys across
 * the tiles (one Tab stop for the whole class); and a finger's scroll across the tiles marks
 * nothing, while its tap marks once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServerProcess } from '../process/serverProcess';
import { seriousViolations } from './support/axe';
import {
  launchChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, signInAndChoosePin } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, largestGroup, pupilsOf, timesOf } from './support/schoolDay';
import { RegisterPage } from './pages/RegisterPage';
import { UNDO_REASON } from '../../src/client/marks/undoMark';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

const SIZES = [
  { name: 'portrait tablet', width: 800, height: 1280 },
  { name: 'landscape tablet', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** Every visible interactive element smaller than 48×48 CSS px, described. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'button, a[href], input, select, textarea, summary, [role="button"], [tabindex="0"]';
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Out of sight (the skip link before a keyboard reaches it, a closed menu): not a target.
      const hidden =
        box.width === 0 ||
        box.height === 0 ||
        style.visibility === 'hidden' ||
        box.bottom <= 0 ||
        el.closest('.visually-hidden') !== null;
      if (hidden) continue;
      if (box.width < 48 || box.height < 48) {
        const words = (el.innerText || el.getAttribute('aria-label') || el.tagName).trim();
        small.push(`${words.slice(0, 40)} (${Math.round(box.width)}×${Math.round(box.height)})`);
      }
    }
    return small;
  });
}

describe('the register layout', () => {
  it('fits 30 pupils on an 800×1280 portrait tablet, and is usable, 48 px and axe-clean at every size', async () => {
    const group = largestGroup(day);
    const names = pupilsOf(day, group).map(displayNameOf);
    expect(names).toHaveLength(30);
    const times = timesOf(day, group, 'AM');
    tablet = await openTablet(browser, server.origin, { time: at(day, times.start - 5) });
    const { page } = tablet;
    await page.setViewportSize({ width: 800, height: 1280 });
    const register = await signInAndChoosePin(tablet, HANNAH);
    await register.chooseGroup(group.name);
    // Said once, where it can be acted on; after "Got it" the register has the screen.
    const notice = page.getByRole('region', { name: 'Keep marks safe on this tablet' });
    if (await notice.isVisible()) await notice.getByRole('button', { name: 'Got it' }).click();
    for (const name of names.slice(0, 3)) await register.tapAndWait(name, '/');

    const found: Record<string, unknown> = {};
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate(() => window.scrollTo(0, 0));
      // To look at (docs/screens is refreshed by its own script): E2E_SCREENSHOTS=folder.
      const shots = process.env.E2E_SCREENSHOTS;
      if (shots !== undefined) {
        await page.screenshot({ path: `${shots}/register-${size.width}x${size.height}.png` });
      }
      found[`${size.name}: targets under 48 px`] = await smallTargets(page);
      found[`${size.name}: axe`] = await seriousViolations(page);
      if (size.width === 800) {
        const tiles = await page.locator('.tiles .tile').evaluateAll((els) =>
          els.map((el) => {
            const box = el.getBoundingClientRect();
            const name = el.querySelector('.tile__name');
            return {
              top: box.top,
              bottom: box.bottom,
              height: box.height,
              fontPx: name === null ? 0 : parseFloat(getComputedStyle(name).fontSize),
            };
          }),
        );
        expect(tiles).toHaveLength(30);
        found['portrait tablet: tiles outside the screen'] = tiles.filter(
          (t) => t.top < 0 || t.bottom > size.height,
        ).length;
        found['portrait tablet: tiles under 48 px tall'] = tiles.filter(
          (t) => t.height < 48,
        ).length;
        // Names readable at arm's length: at least 20 px, bold.
        found['portrait tablet: names under 20 px'] = tiles.filter((t) => t.fontPx < 20).length;
      }
    }
    expect(found).toEqual({
      'portrait tablet: targets under 48 px': [],
      'portrait tablet: axe': [],
      'portrait tablet: tiles outside the screen': 0,
      'portrait tablet: tiles under 48 px tall': 0,
      'portrait tablet: names under 20 px': 0,
      'landscape tablet: targets under 48 px': [],
      'landscape tablet: axe': [],
      'phone: targets under 48 px': [],
      'phone: axe': [],
      'desktop: targets under 48 px': [],
      'desktop: axe': [],
    });
  });

  it('is one Tab from the pupils (skip link), and the arrow keys move across the tiles', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the register.');
    const { page } = tablet;
    const group = largestGroup(day);
    const names = pupilsOf(day, group).map(displayNameOf);
    await page.setViewportSize({ width: 800, height: 1280 });
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (el === null || el === document.body) return '(nothing)';
        if (el.dataset.pupilId !== undefined) return el.querySelector('.tile__name')?.textContent;
        return el.textContent?.trim();
      });
    // Start from the top of the page, as a keyboard user arriving would.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    // The tiles' Tab stop is the pupil last tapped (the third), as a teacher left it.
    expect(await focused()).toBe(names[2]);
    // Three columns on a portrait tablet.
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe(names[3]);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(names[6]);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(names[3]);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe(names[2]);
    await page.keyboard.press('End');
    expect(await focused()).toBe(names[29]);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(names[0]);
    // The whole class is one Tab stop: Tab leaves the tiles.
    await page.keyboard.press('Tab');
    expect(names).not.toContain(await focused());
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(names[0]);
    // Enter on a focused unmarked tile marks the pupil present.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const register = page.locator('.tiles');
    await register
      .getByRole('button', { name: new RegExp(`^${names[3] ?? ''}`) })
      .locator('.tile__code', { hasText: '/' })
      .waitFor();
  });

  it('a finger: a scroll or a drag across the tiles marks nothing; a tap marks once, as it lifts', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the register.');
    const { page } = tablet;
    const group = largestGroup(day);
    const pupils = pupilsOf(day, group);
    const names = pupils.map(displayNameOf);
    const register = new RegisterPage(page);
    // A phone: two columns, and the class is taller than the screen, so the list scrolls.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    const centre = async (name: string) => {
      const box = await register.tile(name).boundingBox();
      if (box === null) throw new Error(`The tile of ${name} is not on screen.`);
      return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
    };
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', at?: { x: number; y: number }) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: at === undefined ? [] : [at] });
    const before = await register.countText();
    const scrolledOver = names.slice(10, 20);
    for (const name of scrolledOver) expect(await register.codeOf(name)).toBe('');

    // A scroll that starts on a pupil and runs across the tiles below it.
    await register.tile(names[10] ?? '').scrollIntoViewIfNeeded();
    const start = await centre(names[10] ?? '');
    await cdp.send('Input.synthesizeScrollGesture', {
      x: start.x,
      y: start.y,
      yDistance: -300,
      gestureSourceType: 'touch',
      speed: 800,
    });
    // A drag from one pupil to the one below (two columns), the finger lifted on the second.
    // (Not sideways: a sideways swipe is the browser's own "back".)
    await register.tile(names[14] ?? '').scrollIntoViewIfNeeded();
    const from = await centre(names[12] ?? '');
    const to = await centre(names[14] ?? '');
    await touch('touchStart', from);
    for (let step = 1; step <= 5; step += 1) {
      await touch('touchMove', {
        x: Math.round(from.x + ((to.x - from.x) * step) / 5),
        y: Math.round(from.y + ((to.y - from.y) * step) / 5),
      });
    }
    await touch('touchEnd');

    // Then a tap; once it shows, anything the scroll or the drag did would show too.
    const tapped = names[20] ?? '';
    await register.tile(tapped).scrollIntoViewIfNeeded();
    const at = await centre(tapped);
    await touch('touchStart', at);
    await touch('touchEnd');
    await register.waitForCode(tapped, '/');
    for (const name of scrolledOver) expect(await register.codeOf(name)).toBe('');
    const left = Number(/^(\d+) of/u.exec(before)?.[1] ?? NaN);
    expect(await register.countText()).toMatch(new RegExp(`^${left - 1} of`, 'u'));
    await register.waitForWaiting(0);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    await cdp.detach();

    // At the office: the tap is one event, the scrolled-over pupils have none.
    const office = await OfficeApi.signIn(server.origin);
    const pupil = pupils[20];
    if (pupil === undefined) throw new Error('The class has fewer than 21 pupils.');
    const stored = await eventually(
      () => office.entriesOf(pupil.id, day.date),
      (found) => found.entries.length > 0,
    );
    expect(stored.entries.map((e) => e.events.map((ev) => ev.code))).toEqual([['/']]);
    const scrolled = pupils[12];
    if (scrolled === undefined) throw new Error('The class has fewer than 13 pupils.');
    expect((await office.entriesOf(scrolled.id, day.date)).entries).toEqual([]);
    await page.setViewportSize({ width: 800, height: 1280 });
  });

  it('undo puts the earlier mark back on the tablet and at the office, both events in the history', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the register.');
    const { page } = tablet;
    const group = largestGroup(day);
    const pupil = pupilsOf(day, group)[5];
    if (pupil === undefined) throw new Error('The class has fewer than 6 pupils.');
    const name = displayNameOf(pupil);
    const register = new RegisterPage(page);
    await register.tapAndWait(name, '/');
    // The tests' school day is today or an earlier day, whichever the run falls on: once its
    // register has closed by the server's clock a change asks why, before then it does not. The
    // undo gives its own reason either way.
    await register.openChoices(name);
    const why = register.sheet.getByLabel(/Why are you changing this mark/);
    const asksWhy = await why.isVisible();
    if (asksWhy) await why.fill('Tapped by mistake');
    await register.sheet.getByRole('button', { name: /^N Absent/ }).click();
    await register.sheet.waitFor({ state: 'detached' });
    await register.waitForCode(name, 'N');
    const toast = page.getByRole('status').filter({ hasText: `${name}: N recorded.` });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await register.waitForCode(name, '/');
    await register.waitUntilSent(name);

    const office = await OfficeApi.signIn(server.origin);
    const stored = await eventually(
      () => office.entriesOf(pupil.id, day.date),
      (found) => (found.entries[0]?.events.length ?? 0) >= 3,
    );
    expect(stored.entries).toHaveLength(1);
    expect(stored.entries[0]?.code).toBe('/');
    expect(
      stored.entries[0]?.events
        .sort((a, b) => a.serverSeq - b.serverSeq)
        .map((e) => [e.code, e.by.name, e.reason]),
    ).toEqual([
      ['/', HANNAH.name, null],
      ['N', HANNAH.name, asksWhy ? 'Tapped by mistake' : null],
      ['/', HANNAH.name, UNDO_REASON],
    ]);
  });

  it('undo of a first mark: no mark again on the tablet and at the office, both events in the history', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the register.');
    const { page } = tablet;
    const group = largestGroup(day);
    const pupil = pupilsOf(day, group)[7];
    if (pupil === undefined) throw new Error('The class has fewer than 8 pupils.');
    const name = displayNameOf(pupil);
    const register = new RegisterPage(page);
    await register.tapAndWait(name, '/');
    const toast = page.getByRole('status').filter({ hasText: `${name}: / recorded.` });
    await toast.getByRole('button', { name: 'Undo' }).click();
    // No code on the tile, and sent: it says only "Not marked".
    await expect.poll(() => register.statusOf(name), { timeout: 30_000 }).toBe('Not marked');
    expect(await register.codeOf(name)).toBe('');

    const office = await OfficeApi.signIn(server.origin);
    const stored = await eventually(
      () => office.entriesOf(pupil.id, day.date),
      (found) => (found.cleared[0]?.events.length ?? 0) >= 2,
    );
    expect(stored.entries).toEqual([]);
    expect(
      stored.cleared[0]?.events
        .sort((a, b) => a.serverSeq - b.serverSeq)
        .map((e) => [e.kind ?? 'mark', e.code, e.by.name, e.status]),
    ).toEqual([
      ['mark', '/', HANNAH.name, 'applied'],
      ['withdrawn', '/', HANNAH.name, 'applied'],
    ]);
    expect(stored.cleared[0]?.withdrawals).toEqual([
      expect.objectContaining({ withdrawn: { code: '/', minutesLate: null } }),
    ]);
  });

  it('"mark the rest present" has one undo for the whole batch', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the register.');
    const { page } = tablet;
    const register = new RegisterPage(page);
    const before = await register.countText();
    const left = Number(/^(\d+) of/u.exec(before)?.[1] ?? NaN);
    expect(left).toBeGreaterThan(0);
    await register.markRestPresent();
    const toast = page.getByRole('status').filter({ hasText: `${left} pupils marked present.` });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await register.count.filter({ hasText: new RegExp(`^${before}$`, 'u') }).waitFor();
    await register.waitForWaiting(0);
    expect(await register.countText()).toBe(before);

    // At the office: a pupil the batch marked has the mark and its withdrawal, and no entry.
    const pupil = pupilsOf(day, largestGroup(day))[4];
    if (pupil === undefined) throw new Error('The class has fewer than 5 pupils.');
    const office = await OfficeApi.signIn(server.origin);
    const stored = await eventually(
      () => office.entriesOf(pupil.id, day.date),
      (found) => (found.cleared[0]?.events.length ?? 0) >= 2,
    );
    expect(stored.entries).toEqual([]);
    expect(stored.cleared[0]?.events.map((e) => [e.kind ?? 'mark', e.code, e.status])).toEqual([
      ['mark', '/', 'applied'],
      ['withdrawn', '/', 'applied'],
    ]);
  });
});
