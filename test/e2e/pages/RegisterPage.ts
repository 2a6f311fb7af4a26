/**
 * The register (the home screen) with the status bar above it: pupil tiles, the mark sheet,
 * "Mark the rest present", the register picker, the lock button and the update prompt.
 */
import type { Locator, Page } from 'playwright-core';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class RegisterPage {
  readonly heading: Locator;
  readonly count: Locator;
  readonly sheet: Locator;
  readonly statusRow: Locator;
  readonly updatePrompt: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('#register-heading');
    this.count = page.locator('.register__count');
    this.sheet = page.getByRole('dialog');
    this.statusRow = page.locator('.status-bar__row');
    this.updatePrompt = page.getByRole('region', { name: 'A new version of Tickmark is ready' });
  }

  /** Waits for the register of `groupName` (any session when none is given). */
  async waitUntilShown(groupName?: string): Promise<void> {
    await (
      groupName === undefined ? this.heading : this.heading.filter({ hasText: groupName })
    ).waitFor();
    await this.count.filter({ hasNotText: 'Loading' }).waitFor();
  }

  /** The heading: "Year 6 — Owls Tuesday 24 November, morning". */
  async title(): Promise<string> {
    return (await this.heading.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The pupils' names, in the order of the tiles. */
  async pupilNames(): Promise<string[]> {
    return this.page.locator('.tiles .tile__name').allInnerTexts();
  }

  tile(name: string): Locator {
    return this.page
      .locator('.tiles')
      .getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}(\\s|$)`) });
  }

  /** What the tile shows as the code ("/", "N", "L", or "" when unmarked). */
  async codeOf(name: string): Promise<string> {
    return (await this.tile(name).locator('.tile__code').innerText()).trim();
  }

  /** The words under the name ("Not sent yet", "10 minutes late", "Needs office review"). */
  async statusOf(name: string): Promise<string> {
    const status = this.tile(name).locator('.tile__status');
    return (await status.count()) === 0 ? '' : (await status.innerText()).trim();
  }

  /** Waits until the tile shows `code`. */
  async waitForCode(name: string, code: string): Promise<void> {
    await this.tile(name)
      .locator('.tile__code', { hasText: new RegExp(`^${escapeRegExp(code)}$`) })
      .waitFor();
  }

  /** Waits until the tile no longer says "Not sent yet" (the office has the mark). */
  async waitUntilSent(name: string): Promise<void> {
    await this.tile(name).filter({ hasNotText: 'Not sent yet' }).waitFor();
  }

  /** Taps an unmarked pupil: present (`/` in the morning, `\` in the afternoon). */
  async tap(name: string): Promise<void> {
    await this.tile(name).click();
  }

  async tapAndWait(name: string, code: string): Promise<void> {
    await this.tap(name);
    await this.waitForCode(name, code);
  }

  /** Opens a pupil's choices (the context menu key or right click; a long press on a tablet). */
  async openChoices(name: string): Promise<void> {
    await this.tile(name).click({ button: 'right' });
    await this.sheet.waitFor();
  }

  /** Holds a finger on the tile until the choices open. */
  async longPress(name: string): Promise<void> {
    const box = await this.tile(name).boundingBox();
    if (box === null) throw new Error(`The tile of ${name} is not on screen.`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.sheet.waitFor();
    await this.page.mouse.up();
  }

  /** Marks `N` (absent, reason not yet known) from the pupil's choices. */
  async markAbsent(name: string): Promise<void> {
    await this.openChoices(name);
    await this.sheet.getByRole('button', { name: /^N Absent/ }).click();
    await this.sheet.waitFor({ state: 'detached' });
  }

  /**
   * Opens the late choice and returns what the sheet decided for the arrival time (the clock's
   * time unless `arrival` is given), e.g. "L — 10 minutes late"; leaves the sheet open.
   */
  async startLate(name: string, arrival?: string): Promise<string> {
    await this.openChoices(name);
    await this.sheet.getByRole('button', { name: /^L Late/ }).click();
    if (arrival !== undefined) await this.sheet.getByLabel('Arrival time').fill(arrival);
    return (await this.sheet.locator('.sheet__decision').innerText()).trim();
  }

  /** The arrival time the late step shows. */
  async arrivalTime(): Promise<string> {
    return this.sheet.getByLabel('Arrival time').inputValue();
  }

  /** Whether the late step's "Record …" button can be pressed (not while the time is refused). */
  async canRecordLate(): Promise<boolean> {
    return this.sheet.getByRole('button', { name: /^Record / }).isEnabled();
  }

  /** Confirms the late arrival shown ("Record …"). */
  async recordLate(): Promise<void> {
    await this.sheet.getByRole('button', { name: /^Record / }).click();
    await this.sheet.waitFor({ state: 'detached' });
  }

  async closeSheet(): Promise<void> {
    await this.sheet.getByRole('button', { name: 'Cancel' }).click();
    await this.sheet.waitFor({ state: 'detached' });
  }

  async markRestPresent(): Promise<void> {
    await this.page.getByRole('button', { name: /^Mark the rest present/ }).click();
    await this.count.filter({ hasText: /^All \d+ marked$/ }).waitFor();
  }

  /** "5 of 26 still to mark" or "All 26 marked". */
  async countText(): Promise<string> {
    return (await this.count.innerText()).trim();
  }

  /** Another class, through "Change register" → "Other classes". */
  async chooseGroup(groupName: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Change register' }).click();
    const picker = this.page.getByRole('dialog', { name: 'Change register' });
    await picker.waitFor();
    const own = picker.getByRole('list', { name: 'Your classes' });
    const inOwn = own.getByRole('button', { name: groupName, exact: true });
    if ((await inOwn.count()) === 0) {
      const more = picker.locator('details.picker__more');
      if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
    }
    await picker.getByRole('button', { name: groupName, exact: true }).click();
    await picker.waitFor({ state: 'detached' });
    await this.waitUntilShown(groupName);
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).click();
  }

  // --- the status bar ---------------------------------------------------------------------

  /** "All marks sent" or "3 marks waiting to sync". */
  async waitingText(): Promise<string> {
    return (await this.statusRow.locator('span').nth(1).innerText()).trim();
  }

  /** Waits until the status bar says `count` marks are waiting (0: "All marks sent"). */
  async waitForWaiting(count: number, timeoutMs = 30_000): Promise<void> {
    const text =
      count === 0 ? 'All marks sent' : `${count} mark${count === 1 ? '' : 's'} waiting to sync`;
    await this.statusRow.getByText(text, { exact: true }).waitFor({ timeout: timeoutMs });
  }

  async waitForOnline(isOnline: boolean): Promise<void> {
    await this.statusRow.getByText(isOnline ? 'Online' : 'Offline', { exact: true }).waitFor();
  }

  // --- the update prompt ------------------------------------------------------------------

  async acceptUpdate(): Promise<void> {
    await this.updatePrompt.getByRole('button', { name: 'Update now' }).click();
  }
}
