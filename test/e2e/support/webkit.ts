/**
 * WebKit for the browser tests: WebKitGTK's MiniBrowser from Debian's packages
 * (`webkit2gtk-driver`), on a virtual X display (`xvfb`), driven over the W3C WebDriver protocol
 * by WebdriverIO. It is the engine of Safari, and so of every browser on the iPads many primary
 * schools buy.
 *
 * WebDriver cannot set the page's clock as Playwright does, so the tablet's clock is set for the
 * whole browser by libfaketime (Debian's `faketime`): the driver and the browser processes it
 * starts see the real time shifted to the test's moment, and the clock runs on from there. The
 * server's clock is real, as in the Chromium tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { remote } from 'webdriverio';
import { freePort } from '../../process/serverProcess';

export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = '/usr/bin/Xvfb';
export const FAKETIME_LIBRARY = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/** What is missing to run the WebKit tests here (Debian package names), or [] when nothing is. */
export function missingForWebKit(): string[] {
  const needs: [string, string][] = [
    [WEBKIT_DRIVER_PATH, 'webkit2gtk-driver'],
    [MINIBROWSER_PATH, 'webkit2gtk-driver'],
    [XVFB_PATH, 'xvfb'],
    [FAKETIME_LIBRARY, 'faketime'],
  ];
  return [...new Set(needs.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg))];
}

export type WebKitBrowser = WebdriverIO.Browser;

export interface WebKitSession {
  readonly browser: WebKitBrowser;
  /** Ends the WebDriver session, then the driver and the X display. */
  close(): Promise<void>;
}

/**
 * MiniBrowser in automation mode. WebKitGTK's driver speaks classic WebDriver; WebdriverIO would
 * otherwise ask for BiDi. (`webkitgtk:browserOptions` is WebKitGTK's own capability, which
 * WebdriverIO's types do not list.)
 */
function webKitCapabilities(binary: string): WebdriverIO.Capabilities {
  return {
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary, args: ['--automation'] },
  } as WebdriverIO.Capabilities;
}

const running = new Set<ChildProcess>();

/** How long WebKit may take to load the first page before it counts as wedged. */
const FIRST_LOAD_MS = 60_000;
/**
 * How long the driver may take to start MiniBrowser and open the session. It takes a second or
 * two even on a loaded machine; a browser that never connects leaves the driver's "new session"
 * unanswered for ever (WebDriver's own client gives up only after two minutes).
 */
const SESSION_START_MS = 45_000;
/** Launches tried before the first page's load counts as the app's failure, not WebKit's. */
const LAUNCH_ATTEMPTS = 3;

/**
 * Starts a virtual display, the WebDriver server with its clock at `time`, and a MiniBrowser
 * session with a window of `width` × `height`, and loads `url` in it.
 *
 * Now and then (about one run in thirty on a loaded machine) WebKitGTK wedges as it starts: the
 * browser never connects to its driver, so "new session" is never answered, or the first
 * navigation never answers, and every later command (a screenshot too) waits on it. Only a new
 * browser helps. So opening the session and the first load each have a deadline; on a hang the
 * whole browser, driver and display are stopped and launched again, at most `LAUNCH_ATTEMPTS`
 * times. A page that hangs every time still fails the test, with the address and the deadline.
 */
export async function launchWebKit(options: {
  readonly time: Date;
  readonly url: string;
  readonly width?: number;
  readonly height?: number;
  /** For the test of this recovery itself (webkitLaunch.webkit.test.ts). */
  readonly firstLoadMs?: number;
  readonly sessionStartMs?: number;
  readonly attempts?: number;
  /** The browser the driver starts: MiniBrowser, or a stand-in that hangs (the same test). */
  readonly browserBinary?: string;
}): Promise<WebKitSession> {
  const firstLoadMs = options.firstLoadMs ?? FIRST_LOAD_MS;
  const attempts = options.attempts ?? LAUNCH_ATTEMPTS;
  const missing = missingForWebKit();
  if (missing.length > 0) throw new Error(`Install ${missing.join(', ')} to run WebKit.`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const session = await startSession({
        ...options,
        sessionStartMs: options.sessionStartMs ?? SESSION_START_MS,
        browserBinary: options.browserBinary ?? MINIBROWSER_PATH,
      });
      try {
        await within(
          session.browser.url(options.url),
          firstLoadMs,
          () =>
            new FirstLoadTimeout(
              `WebKit did not load ${options.url} within ${firstLoadMs / 1000} s.`,
            ),
        );
        return session;
      } catch (error) {
        await session.close();
        throw error;
      }
    } catch (error) {
      if (!(error instanceof LaunchTimeout) || attempt >= attempts) throw error;
      console.warn(`${error.message} Launching it again (attempt ${attempt + 1} of ${attempts}).`);
    }
  }
}

/** WebKit wedged as it started: worth a new browser. */
export class LaunchTimeout extends Error {}
export class FirstLoadTimeout extends LaunchTimeout {}
export class SessionStartTimeout extends LaunchTimeout {}

/** `work`, or the error `timeout()` makes if `ms` pass first. */
async function within<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  // The abandoned request fails when its session or driver is stopped; nobody waits for it.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function startSession(options: {
  readonly time: Date;
  readonly width?: number;
  readonly height?: number;
  readonly sessionStartMs: number;
  readonly browserBinary: string;
}): Promise<WebKitSession> {
  const display = await startXvfb();
  const port = await freePort();
  // A relative offset (in seconds) rather than a fixed instant: timers and animations need a
  // running clock. The monotonic clock stays real so the browser's own timeouts are unaffected.
  const offsetSeconds = Math.round((options.time.getTime() - Date.now()) / 1000);
  const driver = track(
    spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        DISPLAY: display.name,
        TZ: 'Europe/London',
        LANG: 'en_GB.UTF-8',
        LD_PRELOAD: FAKETIME_LIBRARY,
        FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        // Each WebKit session starts with nothing kept from an earlier one.
        XDG_DATA_HOME: '/nonexistent-tickmark-webkit',
      },
    }),
  );
  const stop = async (): Promise<void> => {
    await stopProcess(driver);
    await stopProcess(display.process);
  };
  try {
    await waitForDriver(port, driver);
    const opening = remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 0,
      capabilities: webKitCapabilities(options.browserBinary),
    }).then(async (browser) => {
      await browser.setWindowSize(options.width ?? 1024, options.height ?? 768);
      return browser;
    });
    const browser = await within(
      opening,
      options.sessionStartMs,
      () =>
        new SessionStartTimeout(
          `WebKit did not open a session within ${options.sessionStartMs / 1000} s.`,
        ),
    );
    return {
      browser,
      async close() {
        // A wedged browser never answers "delete session": the processes are stopped anyway.
        await Promise.race([
          browser.deleteSession().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 5000)),
        ]);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kills every driver and display still running (for `afterAll`, even after a failure). */
export async function stopAllWebKit(): Promise<void> {
  await Promise.all([...running].map(stopProcess));
}

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // The whole group: the driver's MiniBrowser and WebKit's web and network processes too.
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Xvfb on a display number of its own choosing (`-displayfd`), so parallel runs never clash. */
async function startXvfb(): Promise<{ name: string; process: ChildProcess }> {
  const child = track(
    spawn(XVFB_PATH, ['-displayfd', '3', '-screen', '0', '1920x1440x24', '-nolisten', 'tcp'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    }),
  );
  const fd = child.stdio[3];
  if (fd === null || fd === undefined || !('on' in fd)) throw new Error('Xvfb has no fd 3.');
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    fd.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it started.`)));
  });
  return { name: `:${number}`, process: child };
}

/** Waits until the driver answers `GET /status` (or throws if it exits first). */
async function waitForDriver(port: number, driver: ChildProcess): Promise<void> {
  let stderr = '';
  driver.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
