/** The online sign-in screen ("Sign in to Tickmark"), as a teacher uses it. */
import type { Locator, Page } from 'playwright-core';

export class SignInPage {
  readonly heading: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in to Tickmark' });
    this.error = page.locator('.form-error');
  }

  async waitUntilShown(): Promise<void> {
    await this.heading.waitFor();
  }

  /** Types the email and password and presses "Sign in". */
  async signIn(email: string, password: string): Promise<void> {
    await this.waitUntilShown();
    const emailBox = this.page.getByLabel('Email address');
    // The email may be filled in already (after a lock-out it is).
    if ((await emailBox.inputValue()) !== email) await emailBox.fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
}
