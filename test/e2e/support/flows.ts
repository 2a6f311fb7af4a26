/** Steps several tests share, in the teacher's words. */
import type { Page } from 'playwright-core';
import { ROUTES } from '../../../src/shared/api/routes';
import { PinPage } from '../pages/PinPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SignInPage } from '../pages/SignInPage';
import type { Tablet } from './browser';
import { DEMO_PASSWORD } from './schoolDay';

export interface Teacher {
  readonly email: string;
  readonly name: string;
  readonly pin: string;
}

export const HANNAH: Teacher = {
  email: 'teacher@oakfield.example',
  name: 'Hannah Lee',
  pin: '2580',
};
export const TOM: Teacher = {
  email: 'tom.okafor@oakfield.example',
  name: 'Tom Okafor',
  pin: '1397',
};

/** Signs in online, chooses a PIN and waits for the register. */
export async function signInAndChoosePin(tablet: Tablet, teacher: Teacher): Promise<RegisterPage> {
  await new SignInPage(tablet.page).signIn(teacher.email, DEMO_PASSWORD);
  await new PinPage(tablet.page).choosePin(teacher.pin);
  const register = new RegisterPage(tablet.page);
  await register.waitUntilShown();
  return register;
}

/** Unlocks the lock screen with the teacher's PIN and waits for the register. */
export async function unlock(tablet: Tablet, teacher: Teacher): Promise<RegisterPage> {
  await new PinPage(tablet.page).unlock(teacher.name, teacher.pin);
  const register = new RegisterPage(tablet.page);
  await register.waitUntilShown();
  return register;
}

/**
 * The teacher comes back to the tab and the sync that starts then has reached its pull. The app
 * flushes on `visibilitychange`, pushing whatever it still holds before it pulls, so once a pull
 * asked for after the return has been answered, a mark the tablet would send again has been
 * sent. A test waits for this, never for a fixed time, before it says "nothing more arrives".
 */
export async function returnToTabAndSync(page: Page): Promise<void> {
  const asked = page.waitForRequest(
    (request) => new URL(request.url()).pathname === ROUTES.syncPull,
  );
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  const response = await (await asked).response();
  await response?.finished();
}
