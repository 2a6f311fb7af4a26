/**
 * Dates as people in England type and read them, dd/mm/yyyy, whatever the browser's locale: a
 * native date input follows the browser's language, so on a US-English PC "12/04/2026" would
 * mean 4 December. Calendar days stay `yyyy-MM-dd` (`LocalDate`) everywhere else; format.ts
 * writes them back as dd/mm/yyyy (`formatDateNumeric`).
 */
import { parseLocalDate, type LocalDate } from '../../domain/index';

/**
 * "12/04/2026", "12/4/2026", "12.04.2026", "12-04-2026" or "12042026" as 12 April 2026, and
 * "2026-04-12" (pasted from a spreadsheet or a CSV: year first cannot be misread); null for
 * anything else, including a day that does not exist (31/02/2026) or a two-digit year, which
 * could mean either century.
 */
export function parseDateText(text: string): LocalDate | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/u.test(trimmed)) return parseLocalDate(trimmed);
  const match =
    /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$/u.exec(trimmed) ??
    /^(\d{2})(\d{2})(\d{4})$/u.exec(trimmed);
  if (match === null) return null;
  const [, day = '', month = '', year = ''] = match;
  return parseLocalDate(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
}

/** What the date field says when its text is not a date. */
export const DATE_FORMAT_PROBLEM = 'Enter the date as dd/mm/yyyy, for example 12/04/2026.';
