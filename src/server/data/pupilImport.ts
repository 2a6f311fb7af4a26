/**
 * Plans and writes a pupils import. Pupils are matched by UPN: a known UPN updates the pupil and a
 * new one adds a pupil. Only a file imported as the whole roll takes anyone off roll: a pupil on
 * roll whose UPN is not in it is given a leaving date (the day before the file's date, but never
 * before today: a name is not deleted from registers already taken). Nothing is deleted: leavers
 * keep their marks and history, and a move to another group closes the old membership and opens a
 * new one. The rows the write changes are kept as they were, so the import can be undone.
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  CHARACTERISTICS,
  isOnRoll,
  maxDate,
  toSchoolWallClock,
  type DeletionGround,
  type LocalDate,
  type YearGroup,
} from '../../domain/index';
import type { ImportChangeLine, ImportChanges, RowError } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { bumpRosterVersion } from '../school/rosterVersion';
import { bulkInsert, bulkStatement } from './bulkSql';
import { loadSpans, spanChanges, writeSpanChanges, type PupilSpanChanges } from './characteristicImport';
import { cellOf } from './csvTable';
import { upnCell } from './csvValues';
import {
  buildPreview,
  emptyChanges,
  LEAVER_CONFIRMATION_SHARE,
  type ImportContext,
  type ImportPlan,
  type PupilImportUndo,
} from './importPlan';
import { parsePupilRows, type PupilRow } from './pupilRows';

interface StoredPupil {
  id: string;
  upn: string | null;
  legal_forename: string;
  legal_surname: string;
  preferred_forename: string | null;
  preferred_surname: string | null;
  date_of_birth: string;
  on_roll_from: string;
  on_roll_to: string | null;
  leaving_grounds: DeletionGround | null;
  send: boolean;
  fsm: boolean;
  looked_after: boolean;
  social_worker: boolean;
  medical: boolean;
  medical_note: string | null;
  eal: boolean;
  boarder: boolean;
  group_id: string | null;
  group_from: string | null;
}

interface Group {
  id: string;
  name: string;
  yearGroup: YearGroup;
}

interface PupilUpdate {
  readonly row: PupilRow;
  readonly stored: StoredPupil;
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
  readonly grounds: DeletionGround | null;
  readonly moveToGroup: string | null;
  readonly spans: PupilSpanChanges;
}

const YES_NO = (b: boolean): string => (b ? 'yes' : 'no');

/** Characteristics the preview already shows as the pupil's flags ("FSM yes → no"). */
const FLAG_KEYS: ReadonlySet<string> = new Set(['fsm', 'lookedAfter', 'socialWorker']);

/** "Free school meals" → "free school meals"; "SEN provision" stays. */
const lowerFirst = (label: string): string =>
  /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

function describeUpdate(
  row: PupilRow,
  stored: StoredPupil,
  onRollTo: LocalDate | null,
  grounds: DeletionGround | null,
  groupName: string | null,
  groupChange: boolean,
): string[] {
  const details: string[] = [];
  const text = (label: string, before: string | null, after: string | null): void => {
    if ((before ?? '') !== (after ?? '')) details.push(`${label} '${before ?? ''}' → '${after ?? ''}'`);
  };
  text('legal forename', stored.legal_forename, row.legalForename);
  text('legal surname', stored.legal_surname, row.legalSurname);
  text('preferred forename', stored.preferred_forename, row.preferredForename);
  text('preferred surname', stored.preferred_surname, row.preferredSurname);
  text('date of birth', stored.date_of_birth, row.dateOfBirth);
  if (row.admissionDate !== null) text('admission date', stored.on_roll_from, row.admissionDate);
  if (stored.on_roll_to !== onRollTo) {
    details.push(onRollTo === null ? 'back on roll' : `leaving date ${onRollTo}`);
  }
  if (grounds !== null) text('grounds for deletion', stored.leaving_grounds, grounds);
  const flag = (label: string, before: boolean, after: boolean): void => {
    if (before !== after) details.push(`${label} ${YES_NO(before)} → ${YES_NO(after)}`);
  };
  flag('SEND', stored.send, row.send);
  flag('FSM', stored.fsm, row.fsm);
  flag('looked-after', stored.looked_after, row.lookedAfter);
  flag('social worker', stored.social_worker, row.socialWorker);
  const kept = registerFlags(row, stored);
  flag('medical', stored.medical, kept.medical);
  flag('EAL', stored.eal, kept.eal);
  flag('boarder', stored.boarder, kept.boarder);
  // The note's words stay out of the preview (an import's change list is kept with the import).
  if ((stored.medical_note ?? '') !== (kept.medicalNote ?? '')) {
    details.push(kept.medicalNote === null ? 'medical note removed' : 'medical note changed');
  }
  if (groupChange) details.push(`registration group → ${groupName ?? ''}`);
  return details;
}

/** The register's flags after the import: a file without a column keeps what was recorded. */
function registerFlags(
  row: PupilRow,
  stored: Pick<StoredPupil, 'medical' | 'medical_note' | 'eal' | 'boarder'> | null,
): { medical: boolean; medicalNote: string | null; eal: boolean; boarder: boolean } {
  return {
    medical: row.medical ?? stored?.medical ?? false,
    medicalNote: row.medicalNote === undefined ? (stored?.medical_note ?? null) : row.medicalNote,
    eal: row.eal ?? stored?.eal ?? false,
    boarder: row.boarder ?? stored?.boarder ?? false,
  };
}

async function loadPupils(db: Queryable, schoolId: string): Promise<StoredPupil[]> {
  const { rows } = await db.query<StoredPupil>(
    `SELECT p.id, p.upn, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname,
            p.date_of_birth, p.on_roll_from, p.on_roll_to, p.leaving_grounds, p.send, p.fsm, p.looked_after, p.social_worker,
            p.medical, p.medical_note, p.eal, p.boarder, m.group_id, m.from_date AS group_from
       FROM pupil p
       -- The latest membership, open or (for a leaver) closed on the leaving date.
       LEFT JOIN LATERAL (SELECT group_id, from_date FROM group_membership
                           WHERE pupil_id = p.id ORDER BY from_date DESC LIMIT 1) m ON true
      WHERE p.school_id = $1`,
    [schoolId],
  );
  return rows;
}

async function loadGroups(db: Queryable, schoolId: string): Promise<Group[]> {
  const { rows } = await db.query<{ id: string; name: string; year_group: YearGroup }>(
    'SELECT id, name, year_group FROM school_group WHERE school_id = $1',
    [schoolId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, yearGroup: r.year_group }));
}

/** Reads the file and the school's pupils, and works out every change. Writes nothing. */
export async function planPupilImport(db: Queryable, text: string, ctx: ImportContext): Promise<ImportPlan> {
  const parsed = parsePupilRows(text);
  const errors: RowError[] = [...parsed.errors];
  const stored = await loadPupils(db, ctx.schoolId);
  const spansOf = await loadSpans(db, ctx.schoolId);
  const groups = await loadGroups(db, ctx.schoolId);
  const groupByName = new Map(groups.map((g) => [g.name.toLowerCase(), g]));
  const storedByUpn = new Map(stored.filter((p) => p.upn !== null).map((p) => [p.upn ?? '', p]));
  const effective = ctx.effectiveDate;
  const today = toSchoolWallClock(ctx.now, ctx.config.timeZone).date;

  const newGroups = new Map<string, Group>();
  const groupFor = (row: PupilRow): Group => {
    const key = row.registrationGroup.toLowerCase();
    const found = groupByName.get(key) ?? newGroups.get(key);
    if (found !== undefined) return found;
    const made = { id: randomUUID(), name: row.registrationGroup, yearGroup: row.yearGroup };
    newGroups.set(key, made);
    return made;
  };

  const changes: ImportChanges = emptyChanges();
  const changeList: ImportChangeLine[] = [];
  const inserts: { row: PupilRow; id: string; onRollFrom: LocalDate; group: Group; spans: PupilSpanChanges }[] = [];
  const updates: PupilUpdate[] = [];
  let badRows = parsed.badRows;

  for (const row of parsed.rows) {
    const group = groupFor(row);
    const existing = storedByUpn.get(row.upn);
    if (existing === undefined) {
      const onRollFrom = row.admissionDate ?? (row.leavingDate !== null && row.leavingDate < effective ? row.leavingDate : effective);
      if (row.dateOfBirth > onRollFrom) {
        errors.push({
          row: row.row,
          column: 'date of birth',
          value: row.dateOfBirth,
          message: `row ${row.row}: date of birth ${row.dateOfBirth} is after the day the pupil joins (${onRollFrom}); add the admission date`,
        });
        badRows += 1;
        continue;
      }
      const id = randomUUID();
      inserts.push({ row, id, onRollFrom, group, spans: spanChanges(id, row.characteristics, [], onRollFrom, effective) });
      changes.new += 1;
      changeList.push({
        row: row.row,
        change: 'new',
        key: row.upn,
        label: `${row.legalForename} ${row.legalSurname}`,
        details: [`registration group ${group.name}`, `on roll from ${onRollFrom}`],
      });
      continue;
    }
    const onRollFrom = row.admissionDate ?? (existing.on_roll_from as LocalDate);
    const onRollTo = row.leavingDate;
    if (onRollTo !== null && onRollTo < onRollFrom) {
      errors.push({
        row: row.row,
        column: 'leaving date',
        value: onRollTo,
        message: `row ${row.row}: leaving date ${onRollTo} is before the pupil came on roll (${onRollFrom})`,
      });
      badRows += 1;
      continue;
    }
    // A file without grounds keeps those recorded by hand while the pupil has a leaving date.
    const grounds = onRollTo === null ? null : (row.leavingGrounds ?? existing.leaving_grounds);
    const groupChange = existing.group_id !== group.id;
    const spans = spanChanges(existing.id, row.characteristics, spansOf.get(existing.id) ?? [], onRollFrom, effective);
    // Which characteristics changed, never their values (the change list is kept with the import).
    const details = [
      ...describeUpdate(row, existing, onRollTo, grounds, group.name, groupChange),
      ...spans.changedKeys.filter((key) => !FLAG_KEYS.has(key)).map((key) => `${lowerFirst(CHARACTERISTICS[key].label)} changed`),
    ];
    if (details.length === 0) {
      changes.unchanged += 1;
      continue;
    }
    updates.push({ row, stored: existing, onRollFrom, onRollTo, grounds, moveToGroup: groupChange ? group.id : null, spans });
    changes.updated += 1;
    changeList.push({ row: row.row, change: 'updated', key: row.upn, label: `${row.legalForename} ${row.legalSurname}`, details });
  }

  // A pupil whose row is in the file but bad is not a leaver: skipping a bad row must not take
  // the pupil off roll. A bad row whose UPN cannot be read might be any pupil, so a whole-roll
  // file with one cannot say who leaves: it is refused until the UPN is put right.
  const upnCells = parsed.table.rows.map((r) => ({ row: r.row, text: cellOf(parsed.table, r, 'upn') }));
  const mentioned = new Set(upnCells.map((c) => c.text.toUpperCase().replace(/\s/g, '')));
  const fileUsable = parsed.table.fileErrors.length === 0 && parsed.rowsTotal > 0;
  const unreadable = ctx.wholeRoll && fileUsable ? upnCells.filter((c) => !upnCell.safeParse(c.text).success) : [];
  const leavers: { stored: StoredPupil; leaveOn: LocalDate }[] = [];
  const rollSize = stored.filter((p) => isOnRoll({ onRollFrom: p.on_roll_from, onRollTo: p.on_roll_to }, effective)).length;
  if (fileUsable && ctx.wholeRoll && unreadable.length === 0) {
    for (const pupil of stored) {
      if (pupil.upn === null || mentioned.has(pupil.upn)) continue;
      if (pupil.on_roll_to !== null && pupil.on_roll_to < effective) continue;
      const leaveOn = maxDate(maxDate(pupil.on_roll_from as LocalDate, addDays(effective, -1)), today);
      leavers.push({ stored: pupil, leaveOn });
      changes.leavers += 1;
      changeList.push({
        row: null,
        change: 'leaver',
        key: pupil.upn,
        label: `${pupil.legal_forename} ${pupil.legal_surname}`,
        details: [`not in the file: leaving date ${leaveOn}; record the grounds for deletion on the pupils screen`],
      });
    }
  }
  changes.groupsNew = newGroups.size;
  const blockingErrors = [...errors];
  if (unreadable.length > 0) {
    const rows = unreadable.slice(0, 10).map((c) => c.row).join(', ');
    blockingErrors.push({
      row: null,
      column: 'UPN',
      value: null,
      message: `this file is to be the whole roll, but row${unreadable.length === 1 ? '' : 's'} ${rows}${unreadable.length > 10 ? ' …' : ''} ${unreadable.length === 1 ? 'has no UPN that can be read' : 'have no UPN that can be read'}, so it cannot say which pupils leave. Correct the UPN${unreadable.length === 1 ? '' : 's'}, or import the file as "add and update only"`,
    });
  }
  if (parsed.rowsTotal === 0 && parsed.table.fileErrors.length === 0) {
    blockingErrors.push({ row: null, column: null, value: null, message: 'the file has a header but no pupils; nothing to import' });
  }
  const preview = buildPreview({
    rowsTotal: parsed.rowsTotal,
    badRows,
    errors: blockingErrors,
    warnings: parsed.table.warnings,
    columns: parsed.table.columns,
    changes,
    changeList,
    roll: {
      wholeRoll: ctx.wholeRoll,
      rollSize,
      leaverConfirmation: leavers.length > LEAVER_CONFIRMATION_SHARE * rollSize,
      leavers: leavers.map((l) => ({
        upn: l.stored.upn ?? '',
        name: `${l.stored.legal_forename} ${l.stored.legal_surname}`,
        leavingDate: l.leaveOn,
      })),
    },
  });
  const rowsToWrite = inserts.length + updates.length + leavers.length;

  return {
    preview,
    blocking: !fileUsable,
    rowsToWrite,
    async apply(tx, progress) {
      let done = 0;
      const undo = await rowsBefore(tx, [...updates.map((u) => u.stored.id), ...leavers.map((l) => l.stored.id)]);
      if (newGroups.size > 0) {
        await bulkInsert(
          tx,
          'school_group',
          [
            { name: 'id', type: 'uuid' },
            { name: 'school_id', type: 'uuid' },
            { name: 'name', type: 'text' },
            { name: 'year_group', type: 'text' },
          ],
          [...newGroups.values()].map((g) => [g.id, ctx.schoolId, g.name, g.yearGroup]),
        );
      }
      progress(done, 'adding pupils');
      await bulkInsert(
        tx,
        'pupil',
        [
          { name: 'id', type: 'uuid' },
          { name: 'school_id', type: 'uuid' },
          { name: 'upn', type: 'text' },
          { name: 'legal_forename', type: 'text' },
          { name: 'legal_surname', type: 'text' },
          { name: 'preferred_forename', type: 'text' },
          { name: 'preferred_surname', type: 'text' },
          { name: 'date_of_birth', type: 'date' },
          { name: 'on_roll_from', type: 'date' },
          { name: 'on_roll_to', type: 'date' },
          { name: 'leaving_grounds', type: 'text' },
          { name: 'send', type: 'boolean' },
          { name: 'fsm', type: 'boolean' },
          { name: 'looked_after', type: 'boolean' },
          { name: 'social_worker', type: 'boolean' },
          { name: 'medical', type: 'boolean' },
          { name: 'medical_note', type: 'text' },
          { name: 'eal', type: 'boolean' },
          { name: 'boarder', type: 'boolean' },
        ],
        inserts.map(({ row, id, onRollFrom }) => [
          id,
          ctx.schoolId,
          row.upn,
          row.legalForename,
          row.legalSurname,
          row.preferredForename,
          row.preferredSurname,
          row.dateOfBirth,
          onRollFrom,
          row.leavingDate,
          row.leavingGrounds,
          row.send,
          row.fsm,
          row.lookedAfter,
          row.socialWorker,
          registerFlags(row, null).medical,
          registerFlags(row, null).medicalNote,
          registerFlags(row, null).eal,
          registerFlags(row, null).boarder,
        ]),
      );
      await bulkInsert(
        tx,
        'group_membership',
        [
          { name: 'pupil_id', type: 'uuid' },
          { name: 'group_id', type: 'uuid' },
          { name: 'from_date', type: 'date' },
          { name: 'to_date', type: 'date' },
        ],
        inserts.map(({ row, id, onRollFrom, group }) => [id, group.id, onRollFrom, row.leavingDate]),
      );
      done += inserts.length;
      progress(done, 'updating pupils');
      await bulkStatement(
        tx,
        (unnest) => `UPDATE pupil p SET legal_forename = v.legal_forename, legal_surname = v.legal_surname,
              preferred_forename = v.preferred_forename, preferred_surname = v.preferred_surname,
              date_of_birth = v.date_of_birth, on_roll_from = v.on_roll_from, on_roll_to = v.on_roll_to,
              leaving_grounds = v.leaving_grounds, send = v.send, fsm = v.fsm, looked_after = v.looked_after, social_worker = v.social_worker,
              medical = v.medical, medical_note = v.medical_note, eal = v.eal, boarder = v.boarder
            FROM ${unnest} WHERE p.id = v.id`,
        [
          { name: 'id', type: 'uuid' },
          { name: 'legal_forename', type: 'text' },
          { name: 'legal_surname', type: 'text' },
          { name: 'preferred_forename', type: 'text' },
          { name: 'preferred_surname', type: 'text' },
          { name: 'date_of_birth', type: 'date' },
          { name: 'on_roll_from', type: 'date' },
          { name: 'on_roll_to', type: 'date' },
          { name: 'leaving_grounds', type: 'text' },
          { name: 'send', type: 'boolean' },
          { name: 'fsm', type: 'boolean' },
          { name: 'looked_after', type: 'boolean' },
          { name: 'social_worker', type: 'boolean' },
          { name: 'medical', type: 'boolean' },
          { name: 'medical_note', type: 'text' },
          { name: 'eal', type: 'boolean' },
          { name: 'boarder', type: 'boolean' },
        ],
        updates.map(({ row, stored: s, onRollFrom, onRollTo, grounds }) => [
          s.id,
          row.legalForename,
          row.legalSurname,
          row.preferredForename,
          row.preferredSurname,
          row.dateOfBirth,
          onRollFrom,
          onRollTo,
          grounds,
          row.send,
          row.fsm,
          row.lookedAfter,
          row.socialWorker,
          registerFlags(row, s).medical,
          registerFlags(row, s).medicalNote,
          registerFlags(row, s).eal,
          registerFlags(row, s).boarder,
        ]),
      );
      for (const update of updates) await moveGroup(tx, update, effective);
      await writeSpanChanges(tx, ctx.schoolId, [...inserts.map((i) => i.spans), ...updates.map((u) => u.spans)]);
      done += updates.length;
      progress(done, 'recording leavers');
      await bulkStatement(
        tx,
        (unnest) => `UPDATE pupil p SET on_roll_to = v.leave_on FROM ${unnest} WHERE p.id = v.id`,
        [
          { name: 'id', type: 'uuid' },
          { name: 'leave_on', type: 'date' },
        ],
        leavers.map((l) => [l.stored.id, l.leaveOn]),
      );
      await bulkStatement(
        tx,
        (unnest) => `UPDATE group_membership m SET to_date = GREATEST(m.from_date, v.leave_on)
            FROM ${unnest} WHERE m.pupil_id = v.id AND m.to_date IS NULL`,
        [
          { name: 'id', type: 'uuid' },
          { name: 'leave_on', type: 'date' },
        ],
        leavers.map((l) => [l.stored.id, l.leaveOn]),
      );
      done += leavers.length;
      progress(done, 'done');
      if (rowsToWrite > 0 || newGroups.size > 0) await bumpRosterVersion(tx, ctx.schoolId);
      return {
        changes: { ...changes, skippedRows: badRows },
        undo: { ...undo, addedPupils: inserts.map((i) => i.id), addedGroups: [...newGroups.values()].map((g) => g.id) },
      };
    },
  };
}

/** The rows an import is about to change, as they are (undoImport.ts puts them back). */
async function rowsBefore(
  tx: Queryable,
  pupilIds: readonly string[],
): Promise<Pick<PupilImportUndo, 'pupilsBefore' | 'membershipsBefore' | 'characteristicsBefore'>> {
  if (pupilIds.length === 0) return { pupilsBefore: [], membershipsBefore: [], characteristicsBefore: [] };
  const pupils = await tx.query<{ row: unknown }>('SELECT to_jsonb(p) AS row FROM pupil p WHERE p.id = ANY($1::uuid[])', [pupilIds]);
  const memberships = await tx.query<{ row: unknown }>(
    'SELECT to_jsonb(m) AS row FROM group_membership m WHERE m.pupil_id = ANY($1::uuid[])',
    [pupilIds],
  );
  const characteristics = await tx.query<{ row: unknown }>(
    'SELECT to_jsonb(c) AS row FROM pupil_characteristic c WHERE c.pupil_id = ANY($1::uuid[])',
    [pupilIds],
  );
  return {
    pupilsBefore: pupils.rows.map((r) => r.row),
    membershipsBefore: memberships.rows.map((r) => r.row),
    characteristicsBefore: characteristics.rows.map((r) => r.row),
  };
}

/**
 * Applies a pupil's group change and keeps the membership's end in step with a leaving date.
 * A move on the file's date closes the open membership the day before and opens the new one;
 * a membership that only began on or after that date is corrected in place instead.
 */
async function moveGroup(tx: Queryable, update: PupilUpdate, effective: LocalDate): Promise<void> {
  const { stored: s, onRollTo, moveToGroup } = update;
  if (moveToGroup !== null) {
    const startOn = maxDate(effective, update.onRollFrom);
    if (s.group_id === null) {
      await tx.query(
        'INSERT INTO group_membership (pupil_id, group_id, from_date, to_date) VALUES ($1, $2, $3, $4)',
        [s.id, moveToGroup, onRollTo !== null && onRollTo < startOn ? update.onRollFrom : startOn, onRollTo],
      );
      return;
    }
    if ((s.group_from ?? '') >= startOn) {
      await tx.query(
        'UPDATE group_membership SET group_id = $3, to_date = $4 WHERE pupil_id = $1 AND group_id = $2 AND from_date = $5',
        [s.id, s.group_id, moveToGroup, onRollTo, s.group_from],
      );
      return;
    }
    await tx.query(
      'UPDATE group_membership SET to_date = $3 WHERE pupil_id = $1 AND group_id = $2 AND from_date = $4',
      [s.id, s.group_id, addDays(startOn, -1), s.group_from],
    );
    await tx.query(
      'INSERT INTO group_membership (pupil_id, group_id, from_date, to_date) VALUES ($1, $2, $3, $4)',
      [s.id, moveToGroup, startOn, onRollTo],
    );
    return;
  }
  // The latest membership ends on the leaving date, or is open again when the pupil is back on roll.
  if (s.group_id !== null && (onRollTo !== null || s.on_roll_to !== null)) {
    await tx.query(
      'UPDATE group_membership SET to_date = CASE WHEN $3::date IS NULL THEN NULL ELSE GREATEST(from_date, $3::date) END WHERE pupil_id = $1 AND group_id = $2 AND from_date = $4',
      [s.id, s.group_id, onRollTo, s.group_from],
    );
  }
}
