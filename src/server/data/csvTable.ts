/**
 * Reads a CSV file into header and rows with papaparse, and matches the file's headers to the
 * fields an import knows. MIS exports spell headers many ways ("Legal Surname", "legal_surname",
 * "Surname"), so headers are compared without case, spaces or punctuation, against a list of
 * spellings per field.
 */
import Papa from 'papaparse';
import type { RowError } from '../../shared/api/dataSchemas';

export interface ColumnSpec<F extends string> {
  readonly field: F;
  /** How messages name the column when the file's own header is not at hand. */
  readonly label: string;
  /** Header spellings, any case and punctuation ("Date of birth", "DOB"). */
  readonly headers: readonly string[];
  readonly required: boolean;
}

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface MatchedTable<F extends string> {
  /** Column index of each field the file has. */
  readonly index: Partial<Record<F, number>>;
  /** The header text of each field, for messages. */
  readonly headerOf: Partial<Record<F, string>>;
  readonly columns: { header: string; field: F | null }[];
  readonly rows: readonly CsvRow[];
  /** Problems with the file as a whole (no header, a required column missing). */
  readonly fileErrors: RowError[];
  readonly warnings: string[];
}

/** Lower-case letters and digits only: "Date of Birth" and "date_of_birth" both become "dateofbirth". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Splits CSV text into rows of cells. A byte-order mark and blank lines are ignored. */
export function parseCsvText(text: string): { header: string[]; rows: CsvRow[]; errors: RowError[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
  });
  const errors: RowError[] = [];
  for (const error of parsed.errors) {
    // Papaparse guesses the delimiter; a one-column file makes it warn, which is not a problem.
    if (error.code === 'UndetectableDelimiter') continue;
    const row = error.row === undefined ? null : error.row + 1;
    errors.push({
      row,
      column: null,
      value: null,
      message: `${row === null ? 'the file' : `row ${row}`}: ${error.message.replace(/\.$/, '')}; check the file is saved as CSV`,
    });
  }
  const [header = [], ...data] = parsed.data;
  const rows: CsvRow[] = [];
  data.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    rows.push({ row: i + 2, cells });
  });
  return { header: header.map((h) => h.trim()), rows, errors };
}

/**
 * Matches headers to fields.
 *
 * @param ignored header spellings that are known but not read (e.g. the export's "When"), so
 *   they do not raise an "unknown column" warning.
 */
export function matchColumns<F extends string>(
  text: string,
  specs: readonly ColumnSpec<F>[],
  ignored: readonly string[] = [],
): MatchedTable<F> {
  const { header, rows, errors } = parseCsvText(text);
  const index: Partial<Record<F, number>> = {};
  const headerOf: Partial<Record<F, string>> = {};
  const columns: { header: string; field: F | null }[] = [];
  const unknown: string[] = [];
  const known = new Set(ignored.map(normaliseHeader));
  header.forEach((h, i) => {
    const key = normaliseHeader(h);
    const spec = specs.find((s) => s.headers.some((name) => normaliseHeader(name) === key));
    if (spec !== undefined && index[spec.field] === undefined) {
      index[spec.field] = i;
      headerOf[spec.field] = h;
      columns.push({ header: h, field: spec.field });
    } else {
      columns.push({ header: h, field: null });
      if (h !== '' && !known.has(key)) unknown.push(h);
    }
  });
  const fileErrors = [...errors];
  if (header.length === 0 || header.every((h) => h === '')) {
    fileErrors.push({
      row: null,
      column: null,
      value: null,
      message: 'the file is empty: it needs a header row naming its columns, then one row per record',
    });
  } else {
    for (const spec of specs) {
      if (!spec.required || index[spec.field] !== undefined) continue;
      fileErrors.push({
        row: null,
        column: spec.label,
        value: null,
        message: `the file has no ${spec.label} column: add a column headed '${spec.headers[0] ?? spec.label}'`,
      });
    }
  }
  const warnings =
    unknown.length === 0
      ? []
      : [`These columns are not used and will be ignored: ${unknown.map((u) => `'${u}'`).join(', ')}.`];
  return { index, headerOf, columns, rows, fileErrors, warnings };
}

/** The trimmed cell of `field` in `row`, or '' when the file has no such column. */
export function cellOf<F extends string>(table: MatchedTable<F>, row: CsvRow, field: F): string {
  const i = table.index[field];
  return i === undefined ? '' : (row.cells[i] ?? '').trim();
}
