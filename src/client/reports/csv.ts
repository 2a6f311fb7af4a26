/**
 * CSV export for every report table. Built with papaparse so quoting is right for names with
 * commas and quotes; formulae are escaped, because a pupil's name that starts with "=" must not
 * run as a formula when the file is opened in a spreadsheet.
 */
import Papa from 'papaparse';
import { downloadTextFile, fileNameOf } from '../files/downloadFile';

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
