/**
 * The daily absentee list as CSV, made on the device from the list it shows (with the server's
 * column headings), for when the server's own CSV cannot be fetched. The shared writer (the
 * server's too) quotes every field that needs it and keeps any cell a spreadsheet would run as
 * a formula as text.
 */
import { writeCsv } from '../../shared/csv';
import { ABSENTEE_CSV_HEADINGS, type AbsenteesResponse } from '../../shared/api/officeSchemas';
import { formatInstant } from './officeFormat';
import { CONTACT_LABELS } from './chase';

export function absenteesCsv(list: AbsenteesResponse, timeZone: string): string {
  const rows = list.absentees.map((a) => [
    a.session.date,
    a.session.part,
    a.groupName,
    a.sortName,
    a.code ?? '',
    a.meaning,
    a.reason ?? '',
    a.contact === null ? '' : CONTACT_LABELS[a.contact.method],
    a.contact?.by.name ?? '',
    a.contact === null ? '' : formatInstant(a.contact.at, timeZone),
  ]);
  return writeCsv(ABSENTEE_CSV_HEADINGS, rows);
}
