/**
 * The trips section: the office's "Create a trip" form and a leader's register for a trip
 * (session choice, head-count, "Confirm everyone", an exception per pupil).
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class TripPage {
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('#trips-heading');
  }

  /** Opens the section from the menu and waits for it. */
  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Trips' })
      .click();
    await this.heading.waitFor();
  }

  // ---- the office's form ----------------------------------------------------------------------

  async createTrip(trip: {
    readonly name: string;
    readonly leader: string;
    readonly group: string;
    /** Pupils of the group to leave off after adding the whole group. */
    readonly leaveOff: readonly string[];
    readonly from: { readonly date: string; readonly part: 'Morning' | 'Afternoon' };
    readonly to: { readonly date: string; readonly part: 'Morning' | 'Afternoon' };
  }): Promise<string> {
    const form = this.page.locator('form.trip-form');
    await form.getByLabel('Name').fill(trip.name);
    await form.getByLabel('First day').fill(trip.from.date);
    await form.getByLabel('First session').selectOption({ label: trip.from.part });
    await form.getByLabel('Last day').fill(trip.to.date);
    await form.getByLabel('Last session').selectOption({ label: trip.to.part });
    await form.getByRole('checkbox', { name: trip.leader, exact: true }).check();
    await form.getByLabel('Group').selectOption({ label: trip.group });
    await form.getByRole('button', { name: 'Add the whole group' }).click();
    for (const name of trip.leaveOff) {
      await form.getByRole('checkbox', { name, exact: true }).uncheck();
    }
    await form.getByRole('button', { name: 'Create trip' }).click();
    const outcome = form.locator('[role="status"], [role="alert"]');
    await outcome.waitFor();
    return (await outcome.innerText()).trim();
  }

  // ---- a leader's register ----------------------------------------------------------------------

  /** Waits until the leader's register of `tripName` is shown. */
  async waitForTrip(tripName: string): Promise<void> {
    await this.page.getByRole('heading', { level: 2, name: tripName }).waitFor();
  }

  /** Chooses a session by its label ("Monday 23 November, morning"). */
  async chooseSession(label: string): Promise<void> {
    await this.page.getByLabel('Session').selectOption({ label });
  }

  async headCount(): Promise<string> {
    return (await this.page.locator('.trip-headcount').innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Waits until the head-count says `text` ("18 of 20 with the group now"). */
  async waitForHeadCount(text: string): Promise<void> {
    await this.page.locator('.trip-headcount', { hasText: text }).waitFor();
  }

  row(name: string): Locator {
    return this.page.locator('.trip-pupil').filter({
      has: this.page.locator('.trip-pupil__name', {
        hasText: new RegExp(`^${escapeRegExp(name)}$`),
      }),
    });
  }

  async codeOf(name: string): Promise<string> {
    return (await this.row(name).locator('.trip-pupil__code').innerText()).trim();
  }

  async statusOf(name: string): Promise<string> {
    return (await this.row(name).locator('.trip-pupil__status').innerText()).trim();
  }

  /** Records an exception ("Did not come", "Went home ill", …) for a pupil and waits for it. */
  async exception(name: string, label: string): Promise<void> {
    // The exceptions sit behind the pupil's "Changes" button in the compact list.
    await this.page.getByRole('button', { name: `Changes for ${name}`, exact: true }).click();
    await this.page.getByRole('button', { name: `${label}: ${name}`, exact: true }).click();
    await this.page.locator('.notice[role="status"]', { hasText: name }).waitFor();
  }

  /**
   * On a 390×844 phone: every pupil is one line at least 48 px tall (and at most 80, so 20
   * pupils are not thousands of pixels), the tick and "Changes" are 48 px targets, and the
   * head-count is in view with the last pupil scrolled into view. Saves a screenshot to look at
   * when E2E_SCREENSHOTS names a folder. Leaves the viewport as it found it.
   */
  async checkPhoneLayout(): Promise<void> {
    const before = this.page.viewportSize();
    await this.page.setViewportSize({ width: 390, height: 844 });
    const rows = this.page.locator('.trip-pupil');
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots !== undefined) mkdirSync(shots, { recursive: true });
    // The head-count is in view with the list's first pupil at the top, and with its last.
    for (const [where, row] of [
      ['start', rows.first()],
      ['end', rows.last()],
    ] as const) {
      await row.evaluate((el, block) => el.scrollIntoView({ block }), where);
      const bar = await this.page.locator('.trip-headcount').boundingBox();
      expect(bar, where).not.toBeNull();
      expect(bar?.y ?? -1, where).toBeGreaterThanOrEqual(0);
      expect((bar?.y ?? 0) + (bar?.height ?? 0), where).toBeLessThanOrEqual(844);
      if (shots !== undefined) {
        await this.page.screenshot({ path: `${shots}/trip-register-${where}-390x844.png` });
      }
    }
    if (before !== null) await this.page.setViewportSize(before);
  }

  /** Presses "Confirm everyone" and waits until every pupil of the session is marked. */
  async confirmEveryone(): Promise<void> {
    await this.page.getByRole('button', { name: /^Confirm everyone/ }).click();
    await this.page.getByRole('button', { name: 'Everyone is marked for this session' }).waitFor();
  }
}
