/**
 * Plans and writes a staff import. People are matched by email across the organisation (one
 * account, roles per school): a new email adds an account without a password (the person cannot
 * sign in until one is set), and each listed person's roles and groups *at this school* become
 * exactly what the file says. Staff missing from the file are left alone: removing someone's
 * access is a deliberate act, not a side effect of an export that missed them.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain/index';
import type { ImportChangeLine, ImportChanges, RowError } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { buildPreview, emptyChanges, type ImportContext, type ImportPlan } from './importPlan';
import { bumpRosterVersion } from '../school/rosterVersion';
import { parseStaffRows, type StaffRow } from './staffRows';

interface StoredStaff {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
}

interface StaffChange {
  readonly row: StaffRow;
  readonly id: string;
  readonly isNew: boolean;
  readonly groupIds: readonly string[];
}

const ROLE_ORDER: readonly Role[] = ['teacher', 'office', 'attendance_lead', 'admin'];
const sortRoles = (roles: readonly Role[]): Role[] => ROLE_ORDER.filter((r) => roles.includes(r));

export async function planStaffImport(db: Queryable, text: string, ctx: ImportContext): Promise<ImportPlan> {
  const parsed = parseStaffRows(text);
  const errors: RowError[] = [...parsed.errors];
  let badRows = parsed.badRows;
  const emails = parsed.rows.map((r) => r.email);
  const { rows: storedRows } = await db.query<StoredStaff>(
    'SELECT id, organisation_id, email, name FROM staff WHERE email = ANY($1::text[])',
    [emails],
  );
  const storedByEmail = new Map(storedRows.map((s) => [s.email, s]));
  const ids = storedRows.map((s) => s.id);
  const { rows: roleRows } = await db.query<{ staff_id: string; role: Role }>(
    'SELECT staff_id, role FROM staff_role WHERE school_id = $1 AND staff_id = ANY($2::uuid[])',
    [ctx.schoolId, ids],
  );
  const { rows: groupRows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM school_group WHERE school_id = $1',
    [ctx.schoolId],
  );
  const { rows: staffGroupRows } = await db.query<{ staff_id: string; group_id: string }>(
    `SELECT sg.staff_id, sg.group_id FROM staff_group sg JOIN school_group g ON g.id = sg.group_id
      WHERE g.school_id = $1 AND sg.staff_id = ANY($2::uuid[])`,
    [ctx.schoolId, ids],
  );
  const groupByName = new Map(groupRows.map((g) => [g.name.toLowerCase(), g]));
  const groupName = new Map(groupRows.map((g) => [g.id, g.name]));

  const changes: ImportChanges = emptyChanges();
  const changeList: ImportChangeLine[] = [];
  const writes: StaffChange[] = [];
  for (const row of parsed.rows) {
    const stored = storedByEmail.get(row.email);
    const rowErrors: RowError[] = [];
    if (stored !== undefined && stored.organisation_id !== ctx.organisationId) {
      rowErrors.push({
        row: row.row,
        column: 'email',
        value: row.email,
        message: `row ${row.row}: email '${row.email}' belongs to an account of another organisation; use the person's address at this school`,
      });
    }
    const groupIds: string[] = [];
    for (const name of row.groups) {
      const group = groupByName.get(name.toLowerCase());
      if (group === undefined) {
        rowErrors.push({
          row: row.row,
          column: 'groups',
          value: name,
          message: `row ${row.row}: group '${name}' does not exist at ${ctx.schoolName}; import the pupils (which creates their groups) first, or correct the name`,
        });
      } else groupIds.push(group.id);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      badRows += 1;
      continue;
    }
    if (stored === undefined) {
      writes.push({ row, id: randomUUID(), isNew: true, groupIds });
      changes.new += 1;
      changeList.push({ row: row.row, change: 'new', key: row.email, label: row.name, details: [`roles ${sortRoles(row.roles).join(', ')}`] });
      continue;
    }
    const details: string[] = [];
    if (stored.name !== row.name) details.push(`name '${stored.name}' → '${row.name}'`);
    const before = sortRoles(roleRows.filter((r) => r.staff_id === stored.id).map((r) => r.role));
    const after = sortRoles(row.roles);
    if (before.join() !== after.join()) details.push(`roles ${before.join(', ') || 'none'} → ${after.join(', ')}`);
    const groupsBefore = staffGroupRows.filter((g) => g.staff_id === stored.id).map((g) => groupName.get(g.group_id) ?? '').sort();
    const groupsAfter = groupIds.map((id) => groupName.get(id) ?? '').sort();
    if (groupsBefore.join('|') !== groupsAfter.join('|')) {
      details.push(`groups ${groupsBefore.join(', ') || 'none'} → ${groupsAfter.join(', ') || 'none'}`);
    }
    if (details.length === 0) {
      changes.unchanged += 1;
      continue;
    }
    writes.push({ row, id: stored.id, isNew: false, groupIds });
    changes.updated += 1;
    changeList.push({ row: row.row, change: 'updated', key: row.email, label: row.name, details });
  }
  const preview = buildPreview({
    rowsTotal: parsed.rowsTotal,
    badRows,
    errors,
    warnings: parsed.table.warnings,
    columns: parsed.table.columns,
    changes,
    changeList,
  });
  return {
    preview,
    blocking: parsed.table.fileErrors.length > 0,
    rowsToWrite: writes.length,
    async apply(tx, progress) {
      let done = 0;
      const schoolGroupIds = groupRows.map((g) => g.id);
      for (const w of writes) {
        if (w.isNew) {
          await tx.query('INSERT INTO staff (id, organisation_id, email, name) VALUES ($1, $2, $3, $4)', [
            w.id,
            ctx.organisationId,
            w.row.email,
            w.row.name,
          ]);
        } else {
          await tx.query('UPDATE staff SET name = $2 WHERE id = $1', [w.id, w.row.name]);
        }
        await tx.query('DELETE FROM staff_role WHERE staff_id = $1 AND school_id = $2 AND NOT (role = ANY($3::text[]))', [
          w.id,
          ctx.schoolId,
          w.row.roles,
        ]);
        await tx.query(
          `INSERT INTO staff_role (staff_id, school_id, role) SELECT $1, $2, r FROM unnest($3::text[]) AS r
             ON CONFLICT DO NOTHING`,
          [w.id, ctx.schoolId, w.row.roles],
        );
        await tx.query('DELETE FROM staff_group WHERE staff_id = $1 AND group_id = ANY($2::uuid[])', [w.id, schoolGroupIds]);
        await tx.query(
          'INSERT INTO staff_group (staff_id, group_id) SELECT $1, g FROM unnest($2::uuid[]) AS g ON CONFLICT DO NOTHING',
          [w.id, w.groupIds],
        );
        done += 1;
        if (done % 100 === 0) progress(done, 'writing staff');
      }
      progress(done, 'done');
      if (writes.length > 0) await bumpRosterVersion(tx, ctx.schoolId);
      return { changes: { ...changes, skippedRows: badRows }, undo: null };
    },
  };
}
