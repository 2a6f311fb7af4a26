/**
 * Files a test's screen hands to the browser to save (`downloadTextFile`): jsdom does not
 * download, so the link's click is recorded with the blob it would have saved. Call in a
 * `beforeEach`; `vi.restoreAllMocks()` in `afterEach` undoes it.
 */
import { vi } from 'vitest';

export interface SavedFile {
  readonly name: string;
  readonly blob: Blob;
}

/** Starts recording saved files; the list fills as the screen saves them. */
export function captureSavedFiles(): SavedFile[] {
  const saved: SavedFile[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (blob !== undefined) saved.push({ name: this.download, blob });
  });
  return saved;
}
