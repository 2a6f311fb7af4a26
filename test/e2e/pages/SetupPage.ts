/** The first-run setup page (`/setup#TOKEN`, from the link the server prints), as an admin uses it. */
import type { Page } from 'playwright-core';
import { PinPage } from './PinPage';
import { SignInPage } from './SignInPage';

export interface SetupDetails {
  readonly trust: string;
  readonly school: string;
  readonly urn: string;
  readonly laNumber: string;
  readonly establishmentNumber: string;
  readonly adminName: string;
  readonly email: string;
  readonly password: string;
}

export class SetupPage {
  constructor(private readonly page: Page) {}

  /** Opens the printed link's page. */
  async open(token: string): Promise<void> {
    await this.page.goto(`/setup#${token}`);
    await this.page.getByRole('heading', { level: 1, name: 'Set up Tickmark' }).waitFor();
  }

  /** Fills every field and presses "Set up Tickmark". */
  async submit(details: SetupDetails): Promise<void> {
    const { page } = this;
    await page.getByLabel('Trust name').fill(details.trust);
    await page.getByLabel('School name').fill(details.school);
    await page.getByLabel('URN').fill(details.urn);
    await page.getByLabel('LA number').fill(details.laNumber);
    await page.getByLabel('Establishment number').fill(details.establishmentNumber);
    await page.getByLabel('Your name').fill(details.adminName);
    await page.getByLabel('Email address').fill(details.email);
    await page.getByLabel('Password').fill(details.password);
    await page.getByRole('button', { name: 'Set up Tickmark' }).click();
  }

  /** From "Tickmark is set up": signs the new admin in, chooses a PIN and opens Admin. */
  async signInAndOpenAdmin(email: string, password: string, pin: string): Promise<void> {
    const { page } = this;
    await page.getByRole('link', { name: 'Sign in' }).click();
    await new SignInPage(page).signIn(email, password);
    await new PinPage(page).choosePin(pin);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin' })
      .click();
  }
}
