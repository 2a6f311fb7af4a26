/**
 * The one CSV writer: every CSV the server sends and every CSV the tablet saves is written here,
 * so every file is quoted the same way and no cell runs as a formula when the file is opened in
 * a spreadsheet.
 *
 * Names, reasons and notes are typed by people, and a cell such as `=HYPERLINK("http://…")` or
 * `@SUM(…)` would run in Excel or LibreOffice. A cell a spreadsheet might evaluate gets a leading
 * apostrophe, which spreadsheets show as text and never run. "Might evaluate" is wider than
 * papaparse's `escapeFormulae`, which only looks at the first character of a one-line cell:
 * spreadsheets also evaluate a cell whose formula follows leading spaces or line breaks
 * ("\n=1+1", " =1+1"), and Excel in East Asian locales takes the full-width signs ＝＋－＠.
 *
 * Written by hand rather than with papaparse because both ends share it and papaparse's types
 * pull Node into src/shared; quoting is RFC 4180 and small.
 */

/** A cell: text is neutralised when it could run; numbers are numbers to a spreadsheet too. */
export type CsvCell = string | number | null;

// Leading whitespace of any kind (spaces, tabs, line breaks, no-break spaces) and controls,
// then a sign that starts a formula.
const FORMULA = /^[\s\p{Cc}]*[=+\-@\uff1d\uff0b\uff0d\uff20]/u;
// A tab or line break at the very start moves the cell's text elsewhere in some importers.
const LEADING_CONTROL = /^[\t\r\n]/;

/** Whether a spreadsheet could take `text` as a formula (or split it) rather than as text. */
export function couldRunAsFormula(text: string): boolean {
  return FORMULA.test(text) || LEADING_CONTROL.test(text);
}

/** `text` as a spreadsheet shows it and never runs it. */
export function neutraliseCell(text: string): string {
  return couldRunAsFormula(text) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function writeCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutraliseCell(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvOptions {
  /** End the last row with CRLF too (the marks export and term dates files do). Default: no. */
  readonly finalNewline?: boolean;
}

/**
 * The rows as CSV text, headings first, CRLF line ends (what spreadsheets expect). Headings are
 * neutralised like any cell.
 */
export function writeCsv(
  headings: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: CsvOptions = {},
): string {
  const lines = [headings, ...rows].map((row) => row.map(writeCell).join(','));
  return lines.join('\r\n') + (options.finalNewline === true ? '\r\n' : '');
}

/**
 * Rows given as objects under the given headings, in that order. The headings are written even
 * when there are no rows, so an empty list still downloads as a file that says what it would
 * hold (and a spreadsheet or script reading it finds its columns).
 */
export function writeCsvObjects<const H extends readonly string[]>(
  headings: H,
  rows: readonly Readonly<Record<H[number], CsvCell>>[],
): string {
  return writeCsv(
    headings,
    rows.map((row) => headings.map((h: H[number]) => row[h] ?? null)),
  );
}
