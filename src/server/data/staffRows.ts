/** The rows of a staff file: name, email, roles, and the groups a teacher registers. */
import type { Role } from '../../domain/index';
import type { RowError } from '../../shared/api/dataSchemas';
import { cellOf, matchColumns, type ColumnSpec } from './csvTable';
import { emailCell, groupListCell, rolesCell, RowProblems, staffNameCell } from './csvValues';
import type { ParsedFile } from './pupilRows';

export type StaffField = 'name' | 'email' | 'roles' | 'groups';

export const STAFF_COLUMNS: readonly ColumnSpec<StaffField>[] = [
  { field: 'name', label: 'name', headers: ['Name', 'Full Name', 'Staff Name'], required: true },
  { field: 'email', label: 'email', headers: ['Email', 'Email Address', 'Work Email', 'E-mail'], required: true },
  { field: 'roles', label: 'roles', headers: ['Roles', 'Role', 'Tickmark Roles'], required: true },
  {
    field: 'groups',
    label: 'groups',
    headers: ['Groups', 'Registration Groups', 'Reg Groups', 'Classes', 'Class', 'Group'],
    required: false,
  },
];

export interface StaffRow {
  readonly row: number;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly groups: readonly string[];
}

export function parseStaffRows(text: string): ParsedFile<StaffRow> {
  const table = matchColumns(text, STAFF_COLUMNS);
  const rows: StaffRow[] = [];
  const errors: RowError[] = [...table.fileErrors];
  if (table.fileErrors.length > 0) {
    return { table, rows, errors, rowsTotal: table.rows.length, badRows: table.rows.length };
  }
  const firstRowOf = new Map<string, number>();
  let badRows = 0;
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (field: StaffField): string => cellOf(table, csvRow, field);
    const name = p.read(staffNameCell, 'name', cell('name'), true);
    const email = p.read(emailCell, 'email', cell('email'), true);
    const roles = p.read(rolesCell, 'roles', cell('roles'), true);
    const groups = p.read(groupListCell, 'groups', cell('groups'), false) ?? [];
    if (email !== undefined) {
      const first = firstRowOf.get(email);
      if (first !== undefined) {
        p.add('email', email, `row ${csvRow.row}: email '${email}' is already on row ${first}; each person must appear once`);
      } else firstRowOf.set(email, csvRow.row);
    }
    if (roles !== undefined && groups.length > 0 && !roles.includes('teacher')) {
      p.add('groups', cell('groups'), `row ${csvRow.row}: groups are given but the roles do not include teacher; only teachers take a group's register`);
    }
    if (!p.ok || name === undefined || email === undefined || roles === undefined) {
      errors.push(...p.errors);
      badRows += 1;
      continue;
    }
    rows.push({ row: csvRow.row, name, email, roles, groups });
  }
  return { table, rows, errors, rowsTotal: table.rows.length, badRows };
}
