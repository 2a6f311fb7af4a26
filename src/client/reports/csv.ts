/**
 * CSV export for every report table, written by the shared writer (src/shared/csv.ts) that the
 * server uses too: quoting is right for names with commas and quotes, and a pupil's name that
 * starts with "=" never runs as a formula when the file is opened in a spreadsheet.
 */
import { writeCsv } from '../../shared/csv';
import { downloadTextFile, fileNameOf } from '../ui/downloadFile';

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number;
}

/** The rows as CSV text, headers first, CRLF line ends (what spreadsheets expect). */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return writeCsv(
    columns.map((column) => column.header),
    rows.map((row) => columns.map((column) => column.value(row))),
  );
}

/** "persistent-absence-oakfield-primary-2025-09-01-to-2025-12-19.csv" ("report.csv" if empty). */
export function reportFilename(parts: readonly string[], extension = 'csv'): string {
  return fileNameOf(parts, extension, 'report');
}

/** Hands `text` to the browser as a file download named `filename`. */
export function saveTextFile(
  filename: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  downloadTextFile(filename, text, type);
}
