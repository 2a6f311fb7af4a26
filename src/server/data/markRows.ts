/**
 * The rows of a historical marks file: UPN, date, session, code, optional minutes late. The
 * marks export (marksExport.ts) writes the same columns plus who last amended the entry, when and
 * why, which are read past, so an export can be imported again.
 */
import type { LocalDate, SessionPart } from '../../domain/index';
import type { RowError } from '../../shared/api/dataSchemas';
import { cellOf, matchColumns, type ColumnSpec } from './csvTable';
import { dateCell, minutesCell, RowProblems, sessionCell, upnCell } from './csvValues';
import type { ParsedFile } from './pupilRows';

export type MarkField = 'upn' | 'date' | 'session' | 'code' | 'minutesLate';

export const MARK_COLUMNS: readonly ColumnSpec<MarkField>[] = [
  { field: 'upn', label: 'UPN', headers: ['UPN', 'Unique Pupil Number'], required: true },
  { field: 'date', label: 'date', headers: ['Date', 'Session Date', 'Attendance Date'], required: true },
  { field: 'session', label: 'session', headers: ['Session', 'AM/PM', 'Session Part', 'Part'], required: true },
  { field: 'code', label: 'code', headers: ['Code', 'Mark', 'Attendance Code'], required: true },
  {
    field: 'minutesLate',
    label: 'minutes late',
    headers: ['Minutes Late', 'Mins Late', 'Late Minutes', 'Minutes'],
    required: false,
  },
];

/** Columns of the export that the import reads past without a warning. */
export const MARK_EXPORT_EXTRA_COLUMNS = ['Last amended by', 'When', 'Why'] as const;

export interface MarkRow {
  readonly row: number;
  readonly upn: string;
  readonly date: LocalDate;
  readonly part: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
}

export function parseMarkRows(text: string): ParsedFile<MarkRow> {
  const table = matchColumns(text, MARK_COLUMNS, MARK_EXPORT_EXTRA_COLUMNS);
  const rows: MarkRow[] = [];
  const errors: RowError[] = [...table.fileErrors];
  if (table.fileErrors.length > 0) {
    return { table, rows, errors, rowsTotal: table.rows.length, badRows: table.rows.length };
  }
  const firstRowOf = new Map<string, number>();
  let badRows = 0;
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (field: MarkField): string => cellOf(table, csvRow, field);
    const upn = p.read(upnCell, 'UPN', cell('upn'), true);
    const date = p.read(dateCell, 'date', cell('date'), true);
    const part = p.read(sessionCell, 'session', cell('session'), true);
    const code = cell('code');
    if (code === '') p.add('code', code, `row ${csvRow.row}: code is missing`);
    const minutesLate = p.read(minutesCell, 'minutes late', cell('minutesLate'), false);
    if (upn !== undefined && date !== undefined && part !== undefined) {
      const key = `${upn}|${date}|${part}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        p.add('date', cell('date'), `row ${csvRow.row}: UPN '${upn}' already has a mark for ${date} ${part} on row ${first}; give each session once`);
      } else firstRowOf.set(key, csvRow.row);
    }
    if (!p.ok || upn === undefined || date === undefined || part === undefined || minutesLate === undefined) {
      errors.push(...p.errors);
      badRows += 1;
      continue;
    }
    rows.push({ row: csvRow.row, upn, date, part, code, minutesLate });
  }
  return { table, rows, errors, rowsTotal: table.rows.length, badRows };
}
