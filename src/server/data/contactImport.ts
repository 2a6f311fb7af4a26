/**
 * Plans and writes a contacts import. Each pupil in the file (found by UPN at this school) gets
 * exactly the file's contacts: a contact is matched by name, so a changed phone or priority is
 * an update, a new name is added, and a contact of that pupil the file leaves out is taken off
 * (kept, marked removed, because messages and reports refer to it). Pupils missing from the file
 * keep their contacts. Contacts are office data: nothing here touches the roster tablets sync.
 */
import { randomUUID } from 'node:crypto';
import type { ImportChangeLine, ImportChanges, RowError } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { parseContactRows, type ContactRow } from './contactRows';
import { buildPreview, emptyChanges, unknownUpnError, type ImportContext, type ImportPlan } from './importPlan';

interface StoredContact {
  id: string;
  pupil_id: string;
  full_name: string;
  relationship: string;
  parental_responsibility: boolean;
  priority: number;
  phones: string[];
  email: string | null;
  language: string;
  do_not_contact: boolean;
  court_order: string | null;
}

interface ContactWrite {
  readonly row: ContactRow;
  readonly pupilId: string;
  /** The stored contact this row updates, or null for a new one. */
  readonly id: string | null;
}

const keyOf = (pupilId: string, name: string): string => `${pupilId}|${name.toLowerCase()}`;

function differences(stored: StoredContact, row: ContactRow): string[] {
  const d: string[] = [];
  if (stored.full_name !== row.name) d.push('name');
  if (stored.relationship !== row.relationship) d.push('relationship');
  if (stored.parental_responsibility !== row.parentalResponsibility) d.push('parental responsibility');
  if (stored.priority !== row.priority) d.push(`priority ${stored.priority} → ${row.priority}`);
  if (stored.phones.join('|') !== row.phones.join('|')) d.push('phones');
  if (stored.email !== row.email) d.push('email');
  if (stored.language !== row.language) d.push('language');
  if (stored.do_not_contact !== row.doNotContact) d.push('do not contact');
  if (stored.court_order !== row.courtOrder) d.push('court order');
  return d;
}

export async function planContactImport(db: Queryable, text: string, ctx: ImportContext): Promise<ImportPlan> {
  const parsed = parseContactRows(text);
  const errors: RowError[] = [...parsed.errors];
  let badRows = parsed.badRows;
  const upns = [...new Set(parsed.rows.map((r) => r.upn))];
  const { rows: pupils } = await db.query<{ id: string; upn: string }>(
    'SELECT id, upn FROM pupil WHERE school_id = $1 AND upn = ANY($2::text[])',
    [ctx.schoolId, upns],
  );
  const pupilByUpn = new Map(pupils.map((p) => [p.upn, p.id]));
  const { rows: stored } = await db.query<StoredContact>(
    `SELECT id, pupil_id, full_name, relationship, parental_responsibility, priority, phones, email,
            language, do_not_contact, court_order
       FROM pupil_contact WHERE school_id = $1 AND pupil_id = ANY($2::uuid[]) AND removed_at IS NULL`,
    [ctx.schoolId, pupils.map((p) => p.id)],
  );
  const storedByKey = new Map(stored.map((s) => [keyOf(s.pupil_id, s.full_name), s]));

  const changes: ImportChanges = emptyChanges();
  const changeList: ImportChangeLine[] = [];
  const writes: ContactWrite[] = [];
  const kept = new Set<string>();
  const listedPupils = new Set<string>();
  for (const row of parsed.rows) {
    const pupilId = pupilByUpn.get(row.upn);
    if (pupilId === undefined) {
      errors.push(unknownUpnError(row.row, row.upn, ctx.schoolName));
      badRows += 1;
      continue;
    }
    listedPupils.add(pupilId);
    const existing = storedByKey.get(keyOf(pupilId, row.name));
    if (existing === undefined) {
      writes.push({ row, pupilId, id: null });
      changes.new += 1;
      changeList.push({ row: row.row, change: 'new', key: row.upn, label: row.name, details: [`${row.relationship}, priority ${row.priority}`] });
      continue;
    }
    kept.add(existing.id);
    const details = differences(existing, row);
    if (details.length === 0) {
      changes.unchanged += 1;
      continue;
    }
    writes.push({ row, pupilId, id: existing.id });
    changes.updated += 1;
    changeList.push({ row: row.row, change: 'updated', key: row.upn, label: row.name, details });
  }
  const removed = stored.filter((s) => listedPupils.has(s.pupil_id) && !kept.has(s.id));
  changes.leavers = removed.length;
  const preview = buildPreview({
    rowsTotal: parsed.rowsTotal,
    badRows,
    errors,
    warnings: [
      ...parsed.table.warnings,
      ...(removed.length > 0
        ? [`${removed.length} contact${removed.length === 1 ? ' is' : 's are'} not in the file and will be taken off their pupil's list`]
        : []),
    ],
    columns: parsed.table.columns,
    changes,
    changeList,
  });
  return {
    preview,
    blocking: parsed.table.fileErrors.length > 0,
    rowsToWrite: writes.length + removed.length,
    async apply(tx, progress) {
      let done = 0;
      for (const w of writes) {
        const r = w.row;
        const values = [
          w.id ?? randomUUID(),
          ctx.schoolId,
          w.pupilId,
          r.name,
          r.relationship,
          r.parentalResponsibility,
          r.priority,
          r.phones,
          r.email,
          r.language,
          r.doNotContact,
          r.courtOrder,
          ctx.now,
        ];
        await tx.query(
          `INSERT INTO pupil_contact (id, school_id, pupil_id, full_name, relationship, parental_responsibility,
              priority, phones, email, language, do_not_contact, court_order, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (id) DO UPDATE SET full_name = $4, relationship = $5, parental_responsibility = $6,
              priority = $7, phones = $8, email = $9, language = $10, do_not_contact = $11,
              court_order = $12, updated_at = $13`,
          values,
        );
        done += 1;
        if (done % 100 === 0) progress(done, 'writing contacts');
      }
      if (removed.length > 0) {
        await tx.query('UPDATE pupil_contact SET removed_at = $2 WHERE id = ANY($1::uuid[])', [removed.map((s) => s.id), ctx.now]);
      }
      progress(done + removed.length, 'done');
      return { changes: { ...changes, skippedRows: badRows }, undo: null };
    },
  };
}
