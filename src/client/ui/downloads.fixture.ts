/**
 * Catches the files a screen hands to the browser (ui/downloadFile.ts): jsdom saves nothing, so
 * the link's click and the blob's address are spied on, and vitest puts both back after the file.
 */
import { vi } from 'vitest';

export interface CaughtFile {
  readonly name: string;
  readonly blob: Blob;
}

/** Starts catching; the returned list fills as files are saved. */
export function catchDownloads(): CaughtFile[] {
  const files: CaughtFile[] = [];
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
    if (blob !== undefined) files.push({ name: this.download, blob });
  });
  return files;
}

/** The one file saved (an error when there were none or several). */
export function onlyFile(files: readonly CaughtFile[]): CaughtFile {
  const [file] = files;
  if (file === undefined || files.length !== 1)
    throw new Error(`expected one file, got ${files.length}`);
  return file;
}

/** A saved file's text as a browser reads it, without the byte-order mark a CSV starts with. */
export function textOf(blob: Blob): Promise<string> {
  // jsdom's Blob has no text(); FileReader reads it as a browser would.
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^\uFEFF/, ''));
    reader.onerror = () => reject(new Error('could not read the file'));
    reader.readAsText(blob);
  });
}
