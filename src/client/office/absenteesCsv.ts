/**
 * The daily absentee list as CSV, made on the device from the list it shows (with the server's
 * column headings), for when the server's own CSV cannot be fetched. papaparse quotes every field
 * that needs it; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
 */
import Papa from 'papaparse';
import { ABSENTEE_CSV_HEADINGS, type AbsenteesResponse } from '../../shared/api/officeSchemas';
import { formatInstant } from './officeFormat';
import { CONTACT_LABELS } from './chase';

const safe = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

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
  return Papa.unparse({
    fields: [...ABSENTEE_CSV_HEADINGS],
    data: rows.map((row) => row.map(safe)),
  });
}
