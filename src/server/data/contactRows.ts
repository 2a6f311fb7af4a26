/**
 * The rows of a contacts file as MIS exports write them: one row per contact of a pupil, found by
 * the pupil's UPN, in the order to call them (priority 1 first).
 */
import { z } from 'zod';
import type { RowError } from '../../shared/api/dataSchemas';
import { cellOf, matchColumns, type ColumnSpec } from './csvTable';
import { emailCell, flagCell, RowProblems, staffNameCell, upnCell } from './csvValues';
import type { ParsedFile } from './pupilRows';

export type ContactField =
  | 'upn'
  | 'name'
  | 'relationship'
  | 'parentalResponsibility'
  | 'priority'
  | 'mobile'
  | 'homePhone'
  | 'workPhone'
  | 'email'
  | 'language'
  | 'doNotContact'
  | 'courtOrder';

export const CONTACT_COLUMNS: readonly ColumnSpec<ContactField>[] = [
  { field: 'upn', label: 'UPN', headers: ['UPN', 'Unique Pupil Number', 'Pupil UPN'], required: true },
  { field: 'name', label: 'contact name', headers: ['Contact Name', 'Contact', 'Name', 'Full Name'], required: true },
  { field: 'relationship', label: 'relationship', headers: ['Relationship', 'Relation', 'Relationship to Pupil'], required: true },
  {
    field: 'parentalResponsibility',
    label: 'parental responsibility',
    headers: ['Parental Responsibility', 'Parental Resp', 'PR', 'Has Parental Responsibility'],
    required: true,
  },
  { field: 'priority', label: 'priority', headers: ['Priority', 'Contact Priority', 'Order', 'Contact Order'], required: true },
  { field: 'mobile', label: 'mobile', headers: ['Mobile', 'Mobile Phone', 'Mobile Telephone', 'Mobile Number'], required: false },
  { field: 'homePhone', label: 'home phone', headers: ['Home Phone', 'Home Telephone', 'Telephone', 'Phone'], required: false },
  { field: 'workPhone', label: 'work phone', headers: ['Work Phone', 'Work Telephone'], required: false },
  { field: 'email', label: 'email', headers: ['Email', 'Email Address', 'E-mail'], required: false },
  { field: 'language', label: 'language', headers: ['Language', 'Preferred Language', 'Home Language'], required: false },
  { field: 'doNotContact', label: 'do not contact', headers: ['Do Not Contact', 'No Contact', 'DNC'], required: false },
  {
    field: 'courtOrder',
    label: 'court order',
    headers: ['Court Order', 'Court Order Restriction', 'Restriction'],
    required: false,
  },
];

export interface ContactRow {
  readonly row: number;
  readonly upn: string;
  readonly name: string;
  readonly relationship: string;
  readonly parentalResponsibility: boolean;
  readonly priority: number;
  readonly phones: readonly string[];
  readonly email: string | null;
  readonly language: string;
  readonly doNotContact: boolean;
  readonly courtOrder: string | null;
}

const priorityCell = z.string().transform((text, ctx): number => {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 99) {
    ctx.addIssue({ code: 'custom', message: 'is not a priority: write a whole number from 1 (call first) to 99' });
    return z.NEVER;
  }
  return n;
});

/** A phone number as dialled: digits, spaces and a leading +, 7 to 20 characters. */
const phoneCell = z
  .string()
  .transform((text) => text.trim())
  .refine((text) => /^\+?[0-9 ()-]{7,20}$/.test(text), {
    message: 'is not a phone number: write digits, spaces and an optional leading +',
  });

/** A language tag or name ("en-GB", "pl", "Polish"): letters, digits and hyphens. */
const languageCell = z
  .string()
  .transform((text) => text.trim())
  .refine((text) => /^[A-Za-z][A-Za-z0-9 -]{1,34}$/.test(text), {
    message: 'is not a language: write a language name or tag such as en-GB or pl',
  });

const relationshipCell = staffNameCell.pipe(z.string().min(1).max(60, 'is longer than 60 characters'));
const courtOrderCell = staffNameCell.pipe(z.string().max(500, 'is longer than 500 characters'));

export function parseContactRows(text: string): ParsedFile<ContactRow> {
  const table = matchColumns(text, CONTACT_COLUMNS);
  const rows: ContactRow[] = [];
  const errors: RowError[] = [...table.fileErrors];
  if (table.fileErrors.length > 0) {
    return { table, rows, errors, rowsTotal: table.rows.length, badRows: table.rows.length };
  }
  const firstRowOf = new Map<string, number>();
  let badRows = 0;
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (field: ContactField): string => cellOf(table, csvRow, field).trim();
    const upn = p.read(upnCell, 'UPN', cell('upn'), true);
    const name = p.read(staffNameCell, 'contact name', cell('name'), true);
    const relationship = p.read(relationshipCell, 'relationship', cell('relationship'), true);
    const parentalResponsibility = p.read(flagCell, 'parental responsibility', cell('parentalResponsibility'), true);
    const priority = p.read(priorityCell, 'priority', cell('priority'), true);
    const phones: string[] = [];
    for (const field of ['mobile', 'homePhone', 'workPhone'] as const) {
      const value = cell(field);
      if (value === '') continue;
      const phone = p.read(phoneCell, field === 'mobile' ? 'mobile' : field === 'homePhone' ? 'home phone' : 'work phone', value, false);
      if (phone !== undefined) phones.push(phone);
    }
    const email = cell('email') === '' ? null : (p.read(emailCell, 'email', cell('email'), false) ?? null);
    const language = cell('language') === '' ? 'en-GB' : (p.read(languageCell, 'language', cell('language'), false) ?? 'en-GB');
    const doNotContact = cell('doNotContact') === '' ? false : (p.read(flagCell, 'do not contact', cell('doNotContact'), false) ?? false);
    const courtOrder = cell('courtOrder') === '' ? null : (p.read(courtOrderCell, 'court order', cell('courtOrder'), false) ?? null);
    if (upn !== undefined && priority !== undefined) {
      const key = `${upn}|${priority}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        p.add('priority', String(priority), `row ${csvRow.row}: pupil ${upn} already has a contact with priority ${priority} on row ${first}; give each contact of a pupil its own priority`);
      } else firstRowOf.set(key, csvRow.row);
    }
    if (
      !p.ok ||
      upn === undefined ||
      name === undefined ||
      relationship === undefined ||
      parentalResponsibility === undefined ||
      priority === undefined
    ) {
      errors.push(...p.errors);
      badRows += 1;
      continue;
    }
    rows.push({ row: csvRow.row, upn, name, relationship, parentalResponsibility, priority, phones, email, language, doNotContact, courtOrder });
  }
  return { table, rows, errors, rowsTotal: table.rows.length, badRows };
}
