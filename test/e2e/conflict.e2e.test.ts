/**
 * two tablets, two teachers, both offline, mark one pupil differently.
 * After both have synced the server has both events (the later one a `conflict`), both tablets
 * show the same entry, and the entry is flagged for the office to review.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RegisterPage } from './pages/RegisterPage';
import { openTablet, type Tablet, waitForServiceWorker } from './support/browser';
import { HANNAH, signInAndChoosePin, TOM } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  displayNameOf,
  groupOf,
  staffByEmail,
  timesOf,
  uniquelyNamed,
} from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let tabletA: Tablet | undefined;
let tabletB: Tablet | undefined;
const e2e = e2eFile(() => [tabletA, tabletB]);

/** The teacher comes back to the tab: the app syncs (as it does on the `visibilitychange`). */
async function returnToTab(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

async function expectFlagged(register: RegisterPage, name: string): Promise<void> {
  await register.tile(name).filter({ hasText: 'Needs office review' }).waitFor();
  expect(await register.codeOf(name)).toBe('/');
  expect(await register.statusOf(name)).toBe('Needs office review');
}

describe('conflict', () => {
  it('keeps both marks, shows one entry on both tablets and flags it for review', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const pupil = uniquelyNamed(day, nursery)[3];
    if (pupil === undefined) throw new Error('The Nursery has too few pupils.');
    const name = displayNameOf(pupil);
    const time = at(day, times.start - 5);

    tabletA = await openTablet(e2e.browser, e2e.server.origin, { time });
    await waitForServiceWorker(tabletA.page);
    const registerA = await signInAndChoosePin(tabletA, HANNAH);
    await registerA.waitUntilShown(nursery.name);

    tabletB = await openTablet(e2e.browser, e2e.server.origin, { time });
    await waitForServiceWorker(tabletB.page);
    const registerB = await signInAndChoosePin(tabletB, TOM);
    // Tom covers the Nursery's register on his own tablet.
    await registerB.chooseGroup(nursery.name);

    await tabletA.context.setOffline(true);
    await tabletB.context.setOffline(true);
    await registerA.waitForOnline(false);
    await registerB.waitForOnline(false);

    // Hannah sees the child arrive; Tom, at the same time, has them down as absent.
    await registerA.tapAndWait(name, '/');
    await registerB.markAbsent(name);
    await registerB.waitForCode(name, 'N');
    await registerA.waitForWaiting(1);
    await registerB.waitForWaiting(1);

    // Hannah's tablet reaches the office first, then Tom's.
    await tabletA.context.setOffline(false);
    await registerA.waitForWaiting(0);
    await tabletB.context.setOffline(false);
    await registerB.waitForWaiting(0);

    const office = await OfficeApi.signIn(e2e.server.origin);
    const history = await eventually(
      () => office.entriesOf(pupil.id, day.date),
      (found) => (found.entries[0]?.events.length ?? 0) >= 2,
    );
    expect(history.entries).toHaveLength(1);
    const entry = history.entries[0];
    expect(entry).toMatchObject({
      session: { date: day.date, part: 'AM' },
      code: '/',
      needsReview: true,
      original: { code: '/', by: { staffId: staffByEmail(day, HANNAH.email).id } },
      amendments: [],
    });
    expect(entry?.events.map((e) => [e.code, e.status, e.by.name])).toEqual([
      ['/', 'applied', HANNAH.name],
      ['N', 'conflict', TOM.name],
    ]);
    expect(await office.eventsOn(day.date)).toHaveLength(2);

    // Tom's tablet learnt the head from its push's answer; Hannah's pulls Tom's event.
    await expectFlagged(registerB, name);
    await returnToTab(tabletA.page);
    await expectFlagged(registerA, name);
  });
});
