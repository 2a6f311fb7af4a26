/** Handing text to the browser as a file the person saves (exports, reports, absentee lists). */

/**
 * "marks-oakfield-primary-2025-09-01-to-2025-12-19.csv": the parts lower-cased, anything but
 * letters and digits turned into single hyphens; `fallback` when nothing is left.
 */
export function fileNameOf(parts: readonly string[], extension: string, fallback: string): string {
  const slug = parts
    .map((part) =>
      part
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((part) => part.length > 0)
    .join('-');
  return `${slug.length > 0 ? slug : fallback}.${extension}`;
}

/** Saves `text` as `filename`. A CSV gets a byte-order mark so Excel reads "Zoë" as UTF-8. */
export function downloadTextFile(filename: string, text: string, type: string): void {
  const withBom = type.startsWith('text/csv') && !text.startsWith('\uFEFF');
  const blob = new Blob(withBom ? ['\uFEFF', text] : [text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start the download only after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name for an admin export ("export.csv" when the parts are empty). */
export function exportFilename(parts: readonly string[], extension: string): string {
  return fileNameOf(parts, extension, 'export');
}
