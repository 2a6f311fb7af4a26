/**
 * CSV export for every report table. Built with papaparse so quoting is right for names with
 * commas and quotes; formulae are escaped, because a pupil's name that starts with "=" must not
 * run as a formula when the file is opened in a spreadsheet.
 */
import Papa from 'papaparse';

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number;
}

/** The rows as CSV text, headers first, CRLF line ends (what spreadsheets expect). */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return Papa.unparse(
    {
      fields: columns.map((column) => column.header),
      data: rows.map((row) => columns.map((column) => column.value(row))),
    },
    { newline: '\r\n', escapeFormulae: true },
  );
}

/**
 * "persistent-absence-oakfield-primary-2025-09-01-to-2025-12-19.csv": the parts lower-cased, with
 * anything but letters and digits turned into single hyphens.
 */
export function reportFilename(parts: readonly string[], extension = 'csv'): string {
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
  return `${slug.length > 0 ? slug : 'report'}.${extension}`;
}

/** Hands `text` to the browser as a file download named `filename`. */
export function saveTextFile(
  filename: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  // A byte-order mark makes Excel read the file as UTF-8, so names like "Zoë" survive.
  const blob = new Blob(['\uFEFF', text], { type });
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
