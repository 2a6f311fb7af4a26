/**
 * five wrong PINs lock the tablet for that teacher until they sign in
 * online. The lock-out survives a reload and cannot be lifted offline; a colleague who has
 * signed in on the same tablet still unlocks with their own PIN; after the online sign-in the
 * teacher's PIN works again.
 */
import { describe, expect, it } from 'vitest';
import { SIGN_IN_OFFLINE } from '../../src/client/auth/signInRequest';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { openTablet, type Tablet, waitForServiceWorker } from './support/browser';
import { HANNAH, signInAndChoosePin, TOM, unlock } from './support/flows';
import { e2eSchoolDay } from './support/provided';
import { at, DEMO_PASSWORD, groupOf, timesOf } from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let tablet: Tablet | undefined;
const e2e = e2eFile(() => [tablet]);

describe('PIN lock-out', () => {
  it('locks a teacher out after five wrong PINs until an online sign-in', async () => {
    const nursery = groupOf(day, 'N2');
    tablet = await openTablet(e2e.browser, e2e.server.origin, {
      time: at(day, timesOf(day, nursery, 'AM').start - 10),
    });
    const { page, context } = tablet;
    await waitForServiceWorker(page);
    const pins = new PinPage(page);
    const signIn = new SignInPage(page);

    // Two teachers share the tablet, each with their own PIN.
    let register = await signInAndChoosePin(tablet, HANNAH);
    await register.lock();
    await pins.waitUntilLocked();
    await page.getByRole('button', { name: 'Someone else? Sign in online' }).click();
    register = await signInAndChoosePin(tablet, TOM);
    await register.lock();

    // Hannah mistypes her PIN four times, once on the keypad: each time she is told what is left.
    for (const left of [4, 3, 2, 1]) {
      if (left === 2) await pins.tapPin(HANNAH.name, '1111');
      else await pins.enterPin(HANNAH.name, '0000');
      await pins.error
        .filter({ hasText: `${left} ${left === 1 ? 'try' : 'tries'} left` })
        .waitFor();
    }
    // The fifth wrong PIN locks her out: no PIN box, only an online sign-in.
    await pins.enterPin(HANNAH.name, '9999');
    await pins.lockedOutNotice.waitFor();
    expect(await page.getByLabel(`PIN for ${HANNAH.name}`).count()).toBe(0);
    await page
      .getByRole('group', { name: 'Who is unlocking?' })
      .getByRole('button', { name: /^Hannah Lee/ })
      .filter({ hasText: 'Needs an online sign-in' })
      .waitFor();

    // It is stored on the tablet, not just on screen.
    await page.reload();
    await pins.choosePerson(HANNAH.name);
    await pins.lockedOutNotice.waitFor();

    // Tom is not locked out by Hannah's mistakes.
    register = await unlock(tablet, TOM);
    await register.lock();

    // Offline, the lock-out cannot be lifted: the sign-in needs the office server.
    await context.setOffline(true);
    await pins.choosePerson(HANNAH.name);
    await pins.signInOnlineAs(HANNAH.name);
    await signIn.signIn(HANNAH.email, DEMO_PASSWORD);
    await signIn.error.filter({ hasText: SIGN_IN_OFFLINE }).waitFor();
    expect(await new RegisterPage(page).heading.count()).toBe(0);

    // Online, her sign-in lifts it; she keeps her PIN, and it unlocks the tablet again.
    await context.setOffline(false);
    await signIn.signIn(HANNAH.email, DEMO_PASSWORD);
    await pins.keepCurrentPin();
    register = new RegisterPage(page);
    await register.waitUntilShown(nursery.name);
    await register.lock();
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
  });
});
