/**
 * Lighthouse (npm `lighthouse`, pinned) on the sign-in screen and the register, in the tests'
 * Chromium over loopback. One user flow on one tab:
 *
 * 1. a navigation to the app, signed out: the sign-in screen (accessibility, layout shift);
 * 2. sign in and choose a PIN (driven by Playwright on the same tab), then a navigation to the app
 *    again with its storage kept: the lock screen as a teacher's reload shows it (layout shift);
 * 3. a timespan while the teacher unlocks and the register appears (layout shift);
 * 4. a snapshot of the register (accessibility).
 *
 * Lighthouse drives the tab through puppeteer-core (its own dependency) over the browser's
 * debugging port, so this Chromium is launched here with one, apart from the run's shared one.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startFlow } from 'lighthouse';
import type { Config, FlowResult, Result } from 'lighthouse';
import { chromium, type BrowserContext } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { makeTempDir } from '../../process/serverProcess';
import { CHROMIUM_ARGS, CHROMIUM_PATH, type Tablet } from './browser';
import { signInAndChoosePin, unlock, type Teacher } from './flows';

export interface LighthouseStep {
  readonly name: string;
  /** 0–100, or null where the step has no such category (a timespan has no accessibility). */
  readonly accessibility: number | null;
  /** Cumulative layout shift, or null where the step does not measure it (a snapshot). */
  readonly cls: number | null;
  /** The accessibility audits that failed, by id and title, to say what to fix. */
  readonly failing: readonly string[];
}

export interface LighthouseRun {
  readonly steps: readonly LighthouseStep[];
  readonly version: string;
}

const SETTINGS: NonNullable<Config['settings']> = {
  onlyCategories: ['accessibility', 'performance'],
  formFactor: 'desktop',
  screenEmulation: { disabled: true },
  throttlingMethod: 'provided',
  // The tablet's own storage is the point of steps 2–4: signed in, with a PIN.
  disableStorageReset: true,
  // Loopback on a busy machine: give a slow load time to settle rather than fail.
  maxWaitForLoad: 60_000,
};

function stepOf(name: string, lhr: Result): LighthouseStep {
  const score = lhr.categories.accessibility?.score;
  const cls = lhr.audits['cumulative-layout-shift']?.numericValue;
  const refs = lhr.categories.accessibility?.auditRefs ?? [];
  const failing = refs
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
    .map((audit) => `${audit?.id ?? ''}: ${audit?.title ?? ''}`);
  return {
    name,
    accessibility: score === undefined || score === null ? null : Math.round(score * 100),
    cls: cls === undefined ? null : cls,
    failing,
  };
}

/**
 * Runs the flow against the app at `origin`, signing in as
 * `teacher` (the demo school's password), at `viewport`.
 */
export async function lighthouseFlow(options: {
  readonly origin: string;
  readonly teacher: Teacher;
  readonly viewport?: { readonly width: number; readonly height: number };
}): Promise<LighthouseRun> {
  const profile = await makeTempDir('tickmark-lighthouse-');
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'],
      baseURL: options.origin,
      serviceWorkers: 'allow',
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    // The tablet's clock is the machine's, as the server's is: a tablet whose clock disagrees
    // shows a warning once its first sync measures the difference, which would be a layout shift
    // of the test's making. So the register is the one the app shows at the time of the run.
    const page = context.pages()[0] ?? (await context.newPage());
    const log: string[] = [];
    page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
    const tablet: Tablet = { context, page, log };
    // Chromium writes the port it chose into the profile.
    const [port = ''] = (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split('\n');
    const browser = await puppeteer.connect({
      browserURL: `http://127.0.0.1:${port}`,
      defaultViewport: null,
    });
    try {
      await page.goto('about:blank#lighthouse');
      const target = (await browser.pages()).find((p) => p.url() === 'about:blank#lighthouse');
      if (target === undefined)
        throw new Error('Lighthouse could not find the tab Playwright opened.');
      const flow = await startFlow(target, {
        config: { extends: 'lighthouse:default', settings: SETTINGS },
      });
      await flow.navigate(`${options.origin}/`, { name: 'Sign-in (first load)' });
      await signInAndChoosePin(tablet, options.teacher);
      await flow.navigate(`${options.origin}/`, { name: 'Lock screen (reload, signed in)' });
      await flow.startTimespan({ name: 'Unlock to the register' });
      await unlock(tablet, options.teacher);
      await flow.endTimespan();
      await flow.snapshot({ name: 'Register' });
      const result: FlowResult = await flow.createFlowResult();
      return {
        version: result.steps[0]?.lhr.lighthouseVersion ?? 'unknown',
        steps: result.steps.map((step) => stepOf(step.name, step.lhr)),
      };
    } finally {
      await browser.disconnect();
    }
  } finally {
    await context?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
}
