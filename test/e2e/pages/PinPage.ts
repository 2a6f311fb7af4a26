/**
 * The PIN screens: choosing a PIN after an online sign-in, and the lock screen ("Tickmark is
 * locked") where each person who has signed in on the tablet unlocks with their own PIN.
 */
import type { Locator, Page } from 'playwright-core';

export class PinPage {
  readonly lockHeading: Locator;
  readonly error: Locator;
  readonly lockedOutNotice: Locator;

  constructor(private readonly page: Page) {
    this.lockHeading = page.getByRole('heading', { level: 1, name: 'Tickmark is locked' });
    this.error = page.locator('.pin-entry .form-error');
    this.lockedOutNotice = page.getByRole('alert').filter({ hasText: 'Too many wrong PINs' });
  }

  /** After a sign-in: types the new PIN, then the same again, and saves it. */
  async choosePin(pin: string): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: /^Choose your PIN/ }).waitFor();
    await this.page.getByLabel('New PIN').fill(pin);
    await this.page.getByRole('button', { name: 'Next' }).click();
    await this.page.getByLabel('Type the same PIN again').fill(pin);
    await this.page.getByRole('button', { name: 'Save PIN' }).click();
  }

  /** After a sign-in: keeps the PIN already set on this tablet. */
  async keepCurrentPin(): Promise<void> {
    await this.page.getByRole('button', { name: 'Keep my current PIN' }).click();
  }

  async waitUntilLocked(): Promise<void> {
    await this.lockHeading.waitFor();
  }

  /** On the lock screen: picks the person (when several are listed) and unlocks with `pin`. */
  async unlock(name: string, pin: string): Promise<void> {
    await this.enterPin(name, pin);
  }

  /** Enters a PIN for `name` on the lock screen and presses Unlock, whatever comes of it. */
  async enterPin(name: string, pin: string): Promise<void> {
    await this.waitUntilLocked();
    const input = this.page.getByLabel(`PIN for ${name}`);
    if (!(await input.isVisible())) await this.choosePerson(name);
    await input.fill(pin);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  /** Types `pin` on the on-screen keypad, as a finger at the classroom door would. */
  async tapPin(name: string, pin: string): Promise<void> {
    await this.waitUntilLocked();
    if (!(await this.page.getByLabel(`PIN for ${name}`).isVisible())) await this.choosePerson(name);
    for (const digit of pin) {
      await this.page.locator('.pin-pad__key', { hasText: new RegExp(`^${digit}$`) }).click();
    }
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  async choosePerson(name: string): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Who is unlocking?' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
  }

  /** After too many wrong PINs: "Sign in online as …". */
  async signInOnlineAs(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Sign in online as ${name}` }).click();
  }
}
