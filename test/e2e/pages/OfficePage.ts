/**
 * The office section, as office staff use it on a desktop or a tablet: the tabs (today, chase
 * list, late book, pupil record, conflicts, fire roll call, absentees), the late book's sign-in,
 * a pupil's record with its history and marks, and the roll call's tick boxes.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface HistoryRow {
  readonly mark: string;
  readonly reason: string;
  readonly who: string;
  readonly observed: string;
  readonly synced: string;
  readonly outcome: string;
}

export class OfficePage {
  readonly heading: Locator;
  readonly panel: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'The office' });
    this.panel = page.getByRole('tabpanel');
  }

  /** From any section: opens the office with the section menu. */
  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Office', exact: true })
      .click();
    await this.heading.waitFor();
  }

  async openTab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  /** Opens a tab that lists something and waits until its list (or notice) has loaded. */
  async openListTab(name: string): Promise<void> {
    await this.openTab(name);
    await this.panel.locator('.notice, table, ul, .roll-call__summary').first().waitFor();
    await this.panel.getByText(/^(Loading|Working out) /).waitFor({ state: 'detached' });
  }

  /** Types part of a name into the search box labelled `label` and chooses the pupil. */
  private async findPupil(label: RegExp, name: string): Promise<void> {
    const [first] = name.split(' ');
    await this.panel.getByLabel(label).fill(first ?? name);
    await this.panel
      .getByRole('list', { name: 'Matching pupils' })
      .getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) })
      .click();
  }

  // --- late book -------------------------------------------------------------------------

  /**
   * Signs a pupil in at the office with the arrival time the desk shows (the clock's), returning
   * what the late book decided ("L — 14 minutes late", "U — after the register closed (…)").
   */
  async signInLate(name: string): Promise<string> {
    await this.openTab('Late book');
    await this.findPupil(/Pupil arriving/, name);
    await this.panel
      .getByText(/^Now: /)
      .filter({ hasNotText: '…' })
      .waitFor();
    const decision = (await this.panel.locator('.late-arrival__decision').innerText()).trim();
    await this.panel.getByRole('button', { name: /^Sign in: / }).click();
    await this.panel
      .locator('.office-done')
      .filter({ hasText: new RegExp(`^${escapeRegExp(name)}:`) })
      .waitFor();
    return decision;
  }

  async arrivalTimeShown(name: string): Promise<string> {
    await this.openTab('Late book');
    await this.findPupil(/Pupil arriving/, name);
    const value = await this.panel.getByLabel('Arrival time').inputValue();
    await this.panel.getByRole('button', { name: 'Cancel' }).click();
    return value;
  }

  // --- pupil record ----------------------------------------------------------------------

  async openPupilRecord(name: string): Promise<void> {
    await this.openTab('Pupil record');
    await this.findPupil(/Find a pupil/, name);
    await this.panel.locator('.print-title', { hasText: name }).waitFor();
  }

  /** In the open record: records `code` for the session shown (the current one) with `reason`. */
  async recordMark(code: string, reason: string): Promise<void> {
    const title = 'Record or change a mark for a session';
    const summary = this.panel.getByText(title);
    const panel = this.panel.locator('details', { hasText: title });
    const form = this.panel.locator('.session-mark');
    // The record's summary, contacts and entries load above this panel and push it down as they
    // arrive; on a busy machine a click can land where the panel was a moment before. So it is
    // opened until it is open (a click on an open panel would close it).
    const newCode = form.getByLabel('New code');
    await expect
      .poll(
        async () => {
          if (await newCode.isVisible()) return true;
          if (!(await panel.evaluate((details: HTMLDetailsElement) => details.open))) {
            await summary.click();
          }
          return newCode.isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await newCode.selectOption(code);
    await form.getByLabel(/Reason for the change/).fill(reason);
    await form.getByRole('button', { name: 'Save mark' }).click();
    await this.panel
      .locator('.office-done')
      .filter({ hasText: `${code} saved` })
      .waitFor();
  }

  /** A session's line in the record ("Tuesday 24 November, morning"), opening to its history. */
  entry(sessionTitle: string): Locator {
    return this.panel.getByRole('group', { name: sessionTitle });
  }

  /** Opens a session's line to show its history (once; a second click would close it). */
  async openEntry(sessionTitle: string): Promise<void> {
    const entry = this.entry(sessionTitle);
    if ((await entry.getAttribute('open')) === null) await entry.locator('summary').click();
  }

  async history(sessionTitle: string): Promise<HistoryRow[]> {
    await this.openEntry(sessionTitle);
    const rows = this.entry(sessionTitle).locator('tr.history-row');
    const result: HistoryRow[] = [];
    for (let i = 0; i < (await rows.count()); i += 1) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
      result.push({
        mark: cells[0] ?? '',
        reason: cells[1] ?? '',
        who: cells[2] ?? '',
        observed: cells[4] ?? '',
        synced: cells[5] ?? '',
        outcome: cells[6] ?? '',
      });
    }
    return result;
  }

  // --- fire roll call --------------------------------------------------------------------

  async openRollCall(): Promise<void> {
    await this.openTab('Fire roll call');
    await this.panel.locator('.roll-call__summary').waitFor();
  }

  /** The roll call's line of a pupil (a tick box). */
  rollCallLine(name: string): Locator {
    return this.panel.locator('li.roll-call__line').filter({
      has: this.page.locator('.tick__name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
  }

  /** "on_site", "unknown"… for a pupil with a tick box; null when the pupil is not on the list. */
  async whereaboutsOf(name: string): Promise<string | null> {
    const line = this.rollCallLine(name);
    if ((await line.count()) === 0) return null;
    const match = /roll-call__line--(\w+)/.exec((await line.getAttribute('class')) ?? '');
    return match?.[1] ?? null;
  }

  /** Ticks a pupil off; the tick shows once it is saved on the device. */
  async tick(name: string): Promise<void> {
    const box = this.rollCallLine(name).getByRole('checkbox');
    await box.click();
    await this.rollCallLine(name).locator('input:checked').waitFor();
  }

  async summary(): Promise<string> {
    return (await this.panel.locator('.roll-call__headline').innerText()).trim();
  }
}
