/**
 * Whether the lock screen's Unlock button stays where it was first drawn: a finger (or a test)
 * that aims at it as soon as it shows must land on it, however the rest of the app loads around
 * it (docs/design.md §3.1: the first load draws the lock screen and its status bar from one raw
 * read; Dexie, the shell and the register arrive while the teacher types their PIN).
 *
 * `recordUnlockBoxes` runs in the page before the app's own script: Playwright adds it with
 * `addInitScript` (lockLayout.e2e.test.ts); in WebKit, whose WebDriver has no such switch, a
 * build of the app carries it as its first script (vite.probeBuild.config.ts). It notes the
 * button's box after every change to the page (a mutation observer's callback runs before the
 * browser paints, so the first box noted is the first frame's) and on every animation frame.
 */

/** The button's box in the viewport, in CSS pixels, and when it was first seen there. */
export interface UnlockBox {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  /** `performance.now()` when first seen. */
  readonly at: number;
}

/** What a page holds once the recorder runs in it. */
export type RecordingWindow = typeof globalThis & { tickmarkUnlockBoxes?: UnlockBox[] };

/** Runs in the page: self-contained (it is sent as its source text). */
export function recordUnlockBoxes(): void {
  const boxes: UnlockBox[] = [];
  (globalThis as RecordingWindow).tickmarkUnlockBoxes = boxes;
  const note = (): void => {
    const button = Array.from(document.querySelectorAll('button')).find(
      (b) => (b.textContent ?? '').trim() === 'Unlock',
    );
    if (button === undefined) return;
    const r = button.getBoundingClientRect();
    const last = boxes[boxes.length - 1];
    if (
      last !== undefined &&
      last.top === r.top &&
      last.left === r.left &&
      last.width === r.width &&
      last.height === r.height
    ) {
      return;
    }
    boxes.push({
      top: r.top,
      left: r.left,
      width: r.width,
      height: r.height,
      at: performance.now(),
    });
  };
  new MutationObserver(note).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  const everyFrame = (): void => {
    note();
    requestAnimationFrame(everyFrame);
  };
  requestAnimationFrame(everyFrame);
}

/** The chunks that load after the lock screen is drawn, and the sync engine's, by file prefix. */
export const AFTER_LOCK_CHUNKS = ['Unlocked-', 'RegisterScreen-', 'backgroundServices-'];

/**
 * Whether everything that loads behind the lock screen has arrived (the shell with Dexie, the
 * register, the sync engine), given the files the page has loaded, and the status bar says when
 * the tablet last synced: then the boxes noted are the whole story.
 */
export function hasAllLoaded(files: readonly string[], statusRow: string): boolean {
  const names = files.map((file) => file.split('/').pop() ?? '');
  return (
    AFTER_LOCK_CHUNKS.every((chunk) => names.some((name) => name.startsWith(chunk))) &&
    statusRow.includes('Last synced')
  );
}

/** Runs in the page: the status bar's first row. */
export function statusRowText(): string {
  return document.querySelector('.status-bar__row')?.textContent ?? '';
}

/** Runs in the page: the boxes noted so far. */
export function unlockBoxes(): UnlockBox[] {
  return (globalThis as RecordingWindow).tickmarkUnlockBoxes ?? [];
}
