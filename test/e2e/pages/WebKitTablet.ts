/**
 * A tablet in WebKit, driven over WebDriver: the sign-in, PIN and register screens with the same
 * steps as the Chromium page objects (SignInPage, PinPage, RegisterPage), for the scenarios both
 * engines run (support/coreScenario.ts).
 *
 * Elements are found in the page by what a person sees (a label's words, a button's name, a
 * pupil's name on a tile) and then clicked and typed into through WebDriver's own input, so the
 * browser sees real clicks and key presses.
 */
import type { CoreRegister, CoreTablet } from '../support/coreScenario';
import type { Teacher } from '../support/flows';
import { DEMO_PASSWORD } from '../support/schoolDay';
import type { WebKitBrowser } from '../support/webkit';

const DEFAULT_TIMEOUT_MS = 30_000;

/** What to look for: a CSS selector, and optionally the element's name or words (a regex). */
interface Target {
  readonly css: string;
  /** Matched against the element's aria-label, or its words with white space collapsed. */
  readonly name?: RegExp;
  /** Find the `label` with these words and take the control it labels. */
  readonly label?: string;
}

/** Runs in the page: the first visible element matching the target, or null. */
function findInPage(
  css: string,
  source: string | null,
  flags: string,
  label: string | null,
): Element | null {
  const visible = (el: Element): boolean => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  if (label !== null) {
    for (const candidate of Array.from(document.querySelectorAll('label'))) {
      const words = (candidate.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (words === label && candidate.control !== null && visible(candidate.control)) {
        return candidate.control;
      }
    }
    return null;
  }
  const pattern = source === null ? null : new RegExp(source, flags);
  for (const el of Array.from(document.querySelectorAll(css))) {
    if (!visible(el)) continue;
    // innerText, not textContent: it separates the words of block children ("Ivy Lewis Not
    // marked"), as a person reading the tile (and an accessible name) would.
    const words = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText;
    const name = words.replace(/\s+/g, ' ');
    if (pattern === null || pattern.test(name.trim())) return el;
  }
  return null;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (text: string): RegExp => new RegExp(`^${escapeRegExp(text)}$`);

export class WebKitTablet implements CoreTablet {
  constructor(readonly browser: WebKitBrowser) {}

  // --- finding, clicking, typing ----------------------------------------------------------

  private async query(target: Target): Promise<WebdriverIO.Element | null> {
    const found: unknown = await this.browser.execute(
      findInPage,
      target.css,
      target.name?.source ?? null,
      target.name?.flags ?? '',
      target.label ?? null,
    );
    if (found === null || found === undefined) return null;
    return this.browser.$(found as WebdriverIO.Element).getElement();
  }

  /** Waits until the target is on screen and returns it. */
  async find(target: Target, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<WebdriverIO.Element> {
    let element: WebdriverIO.Element | null = null;
    await this.browser.waitUntil(async () => (element = await this.query(target)) !== null, {
      timeout: timeoutMs,
      interval: 100,
      timeoutMsg: `WebKit: nothing on screen matches ${describeTarget(target)}.`,
    });
    if (element === null) throw new Error(`WebKit: lost ${describeTarget(target)}.`);
    return element;
  }

  async isShown(target: Target): Promise<boolean> {
    return (await this.query(target)) !== null;
  }

  async click(target: Target): Promise<void> {
    await (await this.find(target)).click();
  }

  async fill(label: string, value: string): Promise<void> {
    const input = await this.find({ css: 'input', label });
    await input.clearValue();
    await input.addValue(value);
  }

  /** The trimmed text of the target, once it is on screen. */
  async text(target: Target): Promise<string> {
    return (await (await this.find(target)).getText()).trim();
  }

  /** Waits until `test` holds of the page's state (read by `read`). */
  async waitFor<T>(
    read: () => Promise<T>,
    test: (value: T) => boolean,
    message: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<T> {
    let last: T | undefined;
    await this.browser.waitUntil(async () => test((last = await read())), {
      timeout: timeoutMs,
      interval: 100,
      timeoutMsg: `WebKit: ${message} (last seen: ${JSON.stringify(last)})`,
    });
    return last as T;
  }

  // --- the app's screens ------------------------------------------------------------------

  async waitForServiceWorker(): Promise<void> {
    const controlled = (): Promise<boolean> =>
      this.browser.executeAsync((done: (controlled: boolean) => void) => {
        void navigator.serviceWorker.ready.then(() =>
          done(navigator.serviceWorker.controller !== null),
        );
      });
    if (await controlled()) return;
    await this.browser.refresh();
    if (!(await controlled())) {
      throw new Error('WebKit: the service worker does not control the page after a reload.');
    }
  }

  async signInAndChoosePin(teacher: Teacher): Promise<CoreRegister> {
    await this.find({ css: 'h1', name: exactly('Sign in to Tickmark') });
    await this.fill('Email address', teacher.email);
    await this.fill('Password', DEMO_PASSWORD);
    await this.click({ css: 'button', name: exactly('Sign in') });
    await this.find({ css: 'h1', name: /^Choose your PIN/ }, 60_000);
    await this.fill('New PIN', teacher.pin);
    await this.click({ css: 'button', name: exactly('Next') });
    await this.fill('Type the same PIN again', teacher.pin);
    await this.click({ css: 'button', name: exactly('Save PIN') });
    return this.register();
  }

  async reload(): Promise<void> {
    await this.browser.refresh();
  }

  async waitUntilLocked(): Promise<void> {
    await this.find({ css: 'h1', name: exactly('Tickmark is locked') }, 60_000);
  }

  async unlock(teacher: Teacher): Promise<CoreRegister> {
    await this.waitUntilLocked();
    const pinLabel = `PIN for ${teacher.name}`;
    if (!(await this.isShown({ css: 'input', label: pinLabel }))) {
      await this.click({ css: 'button', name: new RegExp(`^${escapeRegExp(teacher.name)}`) });
    }
    await this.fill(pinLabel, teacher.pin);
    await this.click({ css: 'button', name: exactly('Unlock') });
    return this.register();
  }

  register(): WebKitRegister {
    return new WebKitRegister(this);
  }

  async checkForUpdate(): Promise<void> {
    await this.browser.execute(() => {
      (window as unknown as { e2eBeforeUpdate: boolean }).e2eBeforeUpdate = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
  }

  async updatePromptText(): Promise<string> {
    const prompt = { css: 'section', name: /^A new version of Tickmark is ready/ };
    return (await (await this.find(prompt, 60_000)).getText()).trim();
  }

  async acceptUpdate(): Promise<void> {
    await this.click({ css: 'button', name: exactly('Update now') });
    // The old page had a flag set by checkForUpdate; the new one is a fresh load without it.
    await this.waitFor(
      () =>
        this.browser
          .execute(() => document.readyState === 'complete' && !('e2eBeforeUpdate' in window))
          .catch(() => false),
      (loaded) => loaded,
      'the page did not reload into the new version',
      60_000,
    );
  }

  async buildLabel(): Promise<string | null> {
    return this.browser.execute(
      () => document.querySelector('meta[name="tickmark-build"]')?.getAttribute('content') ?? null,
    );
  }
}

/** The register screen in WebKit (the steps of RegisterPage the shared scenarios use). */
export class WebKitRegister implements CoreRegister {
  constructor(private readonly tablet: WebKitTablet) {}

  private tile(name: string): Target {
    return { css: '.tiles button', name: new RegExp(`^${escapeRegExp(name)}(\\s|$)`) };
  }

  async waitUntilShown(groupName?: string): Promise<void> {
    await this.tablet.find(
      {
        css: '#register-heading',
        ...(groupName === undefined ? {} : { name: new RegExp(escapeRegExp(groupName)) }),
      },
      60_000,
    );
    await this.tablet.waitFor(
      () => this.countText(),
      (text) => !text.startsWith('Loading'),
      'the register is still loading',
    );
  }

  async countText(): Promise<string> {
    return this.tablet.text({ css: '.register__count' });
  }

  async codeOf(name: string): Promise<string> {
    return this.tablet.browser.execute(
      (css: string, source: string) => {
        const pattern = new RegExp(source);
        const tile = Array.from(document.querySelectorAll(css)).find((el) =>
          pattern.test((el as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
        );
        return tile?.querySelector('.tile__code')?.textContent?.trim() ?? '';
      },
      '.tiles button',
      `^${escapeRegExp(name)}(\\s|$)`,
    );
  }

  async waitForCode(name: string, code: string): Promise<void> {
    await this.tablet.waitFor(
      () => this.codeOf(name),
      (shown) => shown === code,
      `${name}'s tile does not show ${code}`,
    );
  }

  async tapAndWait(name: string, code: string): Promise<void> {
    await this.tablet.click(this.tile(name));
    await this.waitForCode(name, code);
  }

  /** Opens the pupil's choices with a right click (a long press on a tablet), then `N`. */
  async markAbsent(name: string): Promise<void> {
    await (await this.tablet.find(this.tile(name))).click({ button: 'right' });
    await this.tablet.click({ css: '[role="dialog"] button', name: /^N Absent/ });
    await this.tablet.waitFor(
      () => this.tablet.isShown({ css: '[role="dialog"]' }),
      (open) => !open,
      'the mark sheet did not close',
    );
  }

  async markRestPresent(): Promise<void> {
    await this.tablet.click({ css: 'button', name: /^Mark the rest present/ });
    await this.tablet.waitFor(
      () => this.countText(),
      (text) => /^All \d+ marked$/.test(text),
      'the register is not all marked',
    );
  }

  async waitForWaiting(count: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const expected =
      count === 0 ? 'All marks sent' : `${count} mark${count === 1 ? '' : 's'} waiting to sync`;
    await this.tablet.waitFor(
      () =>
        this.tablet.browser.execute(() =>
          Array.from(document.querySelectorAll('.status-bar__row span')).map((el) =>
            (el.textContent ?? '').trim(),
          ),
        ),
      (texts) => texts.includes(expected),
      `the status bar does not say "${expected}"`,
      timeoutMs,
    );
  }
}

function describeTarget(target: Target): string {
  if (target.label !== undefined) return `the field labelled "${target.label}"`;
  return `${target.css}${target.name === undefined ? '' : ` named ${String(target.name)}`}`;
}
