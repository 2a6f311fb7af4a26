/**
 * A characteristics history file: one row per span a pupil held a characteristic (UPN,
 * characteristic, value, from, to), as an MIS's history report lists them. For each pupil and
 * characteristic the file names, the file's spans replace what Tickmark holds; the rest is kept.
 * Spans of one pupil and characteristic must not overlap. The pupil's flag columns (SEN, FSM,
 * looked-after, social worker, EAL) are set to the value on the import's day, as a pupils file
 * sets them (docs/design.md §5 "Pupil characteristics"). Like contacts, it cannot be undone:
 * importing a corrected file puts it right.
 */
import { z } from 'zod';
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTICS,
  characteristicOn,
  ethnicityOfCensusCode,
  firstLanguageOfCensusCode,
  isCharacteristicValue,
  isYesNoKey,
  sexOfCensusCode,
  spansOverlap,
  toSchoolWallClock,
  type CharacteristicKey,
  type CharacteristicSpan,
  type LocalDate,
} from '../../domain/index';
import type { ImportChangeLine, ImportChanges, RowError } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { bumpRosterVersion } from '../school/rosterVersion';
import { bulkStatement } from './bulkSql';
import { insertSpans } from './characteristicImport';
import { cellOf, matchColumns, type ColumnSpec } from './csvTable';
import { dateCell, flagCell, RowProblems, senProvisionOf, upnCell } from './csvValues';
import { buildPreview, emptyChanges, unknownUpnError, type ImportContext, type ImportPlan } from './importPlan';

type HistoryField = 'upn' | 'characteristic' | 'value' | 'from' | 'to';

const HISTORY_COLUMNS: readonly ColumnSpec<HistoryField>[] = [
  { field: 'upn', label: 'UPN', headers: ['UPN', 'Unique Pupil Number', 'Pupil UPN'], required: true },
  { field: 'characteristic', label: 'characteristic', headers: ['Characteristic', 'Type', 'Field'], required: true },
  { field: 'value', label: 'value', headers: ['Value', 'Code'], required: true },
  { field: 'from', label: 'from', headers: ['From', 'Start Date', 'From Date', 'Start'], required: true },
  { field: 'to', label: 'to', headers: ['To', 'End Date', 'To Date', 'End'], required: false },
];

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');

/** A characteristic by its key ("fsm", "childInNeed") or its label ("Free school meals"). */
const characteristicCell = z.string().transform((text, ctx): CharacteristicKey => {
  const wanted = squash(text);
  const key = CHARACTERISTIC_KEYS.find((k) => squash(k) === wanted || squash(CHARACTERISTICS[k].label) === wanted);
  if (key !== undefined) return key;
  ctx.addIssue({
    code: 'custom',
    message: `is not a characteristic: write one of ${CHARACTERISTIC_KEYS.join(', ')} (or its name)`,
  });
  return z.NEVER;
});

/** A value of `key`: the census's code (M, WBRI, ENG, K, Y…) or the vocabulary's own word. */
function valueOf(key: CharacteristicKey, text: string): string | null {
  const trimmed = text.trim();
  if (isCharacteristicValue(key, trimmed)) return trimmed;
  if (key === 'sex') return sexOfCensusCode(trimmed);
  if (key === 'ethnicity') return ethnicityOfCensusCode(trimmed);
  if (key === 'firstLanguage') return firstLanguageOfCensusCode(trimmed);
  if (key === 'sen') return trimmed === '' ? null : senProvisionOf(trimmed);
  const flag = flagCell.safeParse(trimmed);
  return trimmed !== '' && flag.success ? (flag.data ? 'yes' : 'no') : null;
}

interface HistoryRow {
  readonly row: number;
  readonly upn: string;
  readonly span: CharacteristicSpan;
}

function parseHistoryRows(text: string) {
  const table = matchColumns(text, HISTORY_COLUMNS);
  const rows: HistoryRow[] = [];
  const errors: RowError[] = [...table.fileErrors];
  if (table.fileErrors.length > 0) return { table, rows, errors, badRows: table.rows.length };
  let badRows = 0;
  const seen = new Map<string, HistoryRow[]>();
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (field: HistoryField): string => cellOf(table, csvRow, field).trim();
    const upn = p.read(upnCell, 'UPN', cell('upn'), true);
    const key = p.read(characteristicCell, 'characteristic', cell('characteristic'), true);
    const from = p.read(dateCell, 'from', cell('from'), true);
    const to = cell('to') === '' ? null : p.read(dateCell, 'to', cell('to'), false);
    const value = key === undefined ? null : valueOf(key, cell('value'));
    if (key !== undefined && value === null) {
      const values = (CHARACTERISTICS[key].values as readonly string[]).join(', ');
      p.add('value', cell('value'), `row ${csvRow.row}: value '${cell('value')}' is not a value of ${CHARACTERISTICS[key].label.toLowerCase()}: write the census's code or one of ${values}`);
    }
    if (from !== undefined && to !== undefined && to !== null && to < from) {
      p.add('to', cell('to'), `row ${csvRow.row}: to '${cell('to')}' is before from '${cell('from')}'`);
    }
    if (!p.ok || upn === undefined || key === undefined || value === null || from === undefined || to === undefined) {
      errors.push(...p.errors);
      badRows += 1;
      continue;
    }
    const row = { row: csvRow.row, upn, span: { key, value, from, to } as CharacteristicSpan };
    const sameKey = seen.get(`${upn}|${key}`) ?? [];
    const clash = sameKey.find((other) => spansOverlap(other.span, row.span));
    if (clash !== undefined) {
      errors.push({
        row: csvRow.row,
        column: 'from',
        value: cell('from'),
        message: `row ${csvRow.row}: this span of ${CHARACTERISTICS[key].label.toLowerCase()} overlaps row ${clash.row}'s for pupil ${upn}; a pupil holds one value at a time, so end one before the other begins`,
      });
      badRows += 1;
      continue;
    }
    seen.set(`${upn}|${key}`, [...sameKey, row]);
    rows.push(row);
  }
  return { table, rows, errors, badRows };
}

/** The pupil's flag columns a characteristic keeps equal to today's value. */
const FLAG_COLUMNS: Partial<Record<CharacteristicKey, (value: string | null) => [string, boolean]>> = {
  sen: (v) => ['send', v === 'senSupport' || v === 'ehcPlan'],
  fsm: (v) => ['fsm', v === 'yes'],
  lookedAfter: (v) => ['looked_after', v === 'yes'],
  socialWorker: (v) => ['social_worker', v === 'yes'],
  firstLanguage: (v) => ['eal', v === 'other'],
};

export async function planCharacteristicHistoryImport(db: Queryable, text: string, ctx: ImportContext): Promise<ImportPlan> {
  const parsed = parseHistoryRows(text);
  const errors = [...parsed.errors];
  let badRows = parsed.badRows;
  const { rows: pupils } = await db.query<{ id: string; upn: string }>(
    'SELECT id, upn FROM pupil WHERE school_id = $1 AND upn = ANY($2::text[])',
    [ctx.schoolId, [...new Set(parsed.rows.map((r) => r.upn))]],
  );
  const pupilByUpn = new Map(pupils.map((p) => [p.upn, p.id]));
  const byPupilKey = new Map<string, { pupilId: string; upn: string; key: CharacteristicKey; spans: CharacteristicSpan[] }>();
  for (const row of parsed.rows) {
    const pupilId = pupilByUpn.get(row.upn);
    if (pupilId === undefined) {
      errors.push(unknownUpnError(row.row, row.upn, ctx.schoolName));
      badRows += 1;
      continue;
    }
    const id = `${pupilId}|${row.span.key}`;
    const entry = byPupilKey.get(id) ?? { pupilId, upn: row.upn, key: row.span.key, spans: [] };
    entry.spans.push(row.span);
    byPupilKey.set(id, entry);
  }
  const { rows: stored } = await db.query<{ pupil_id: string; key: string; value: string; from_date: string; to_date: string | null }>(
    `SELECT pupil_id, key, value, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil_characteristic WHERE school_id = $1 AND pupil_id = ANY($2::uuid[])`,
    [ctx.schoolId, pupils.map((p) => p.id)],
  );
  const spanText = (s: { value: string; from: string; to: string | null }) => `${s.value}:${s.from}:${s.to ?? ''}`;
  const changes: ImportChanges = emptyChanges();
  const changeList: ImportChangeLine[] = [];
  const replaced = [...byPupilKey.values()].filter((entry) => {
    const before = stored
      .filter((s) => s.pupil_id === entry.pupilId && s.key === entry.key)
      .map((s) => spanText({ value: s.value, from: s.from_date, to: s.to_date }))
      .sort();
    const after = entry.spans.map(spanText).sort();
    if (before.join('|') === after.join('|')) {
      changes.unchanged += 1;
      return false;
    }
    changes.updated += 1;
    // Which characteristic's history changes, never its values.
    changeList.push({ row: null, change: 'updated', key: entry.upn, label: entry.upn, details: [`${CHARACTERISTICS[entry.key].label} history replaced`] });
    return true;
  });
  const preview = buildPreview({
    rowsTotal: parsed.table.rows.length,
    badRows,
    errors,
    warnings: parsed.table.warnings,
    columns: parsed.table.columns,
    changes,
    changeList,
  });
  return {
    preview,
    blocking: parsed.table.fileErrors.length > 0 || parsed.table.rows.length === 0,
    rowsToWrite: replaced.length,
    async apply(tx, progress) {
      const keyColumns = [
        { name: 'pupil_id', type: 'uuid' },
        { name: 'key', type: 'text' },
      ];
      await bulkStatement(
        tx,
        (unnest) => `DELETE FROM pupil_characteristic c USING ${unnest} WHERE c.school_id = $1 AND c.pupil_id = v.pupil_id AND c.key = v.key`,
        keyColumns,
        replaced.map((e) => [e.pupilId, e.key]),
        [ctx.schoolId],
      );
      await insertSpans(
        tx,
        ctx.schoolId,
        replaced.flatMap((e) => e.spans.map((span) => ({ pupilId: e.pupilId, span }))),
      );
      const today: LocalDate = toSchoolWallClock(ctx.now, ctx.config.timeZone).date;
      let flagsChanged = false;
      for (const entry of replaced) {
        const flag = FLAG_COLUMNS[entry.key];
        if (flag === undefined) continue;
        const on = characteristicOn(entry.spans, entry.key, today);
        const [column, value] = flag(isYesNoKey(entry.key) ? (on ?? 'no') : on);
        // The column is one of FLAG_COLUMNS' own names, never the file's text.
        const result = await tx.query(`UPDATE pupil SET ${column} = $2 WHERE id = $1 AND ${column} IS DISTINCT FROM $2`, [entry.pupilId, value]);
        if ((result.rowCount ?? 0) > 0) flagsChanged = true;
      }
      // SEN and EAL are register flags: a tablet learns of a change with the roster.
      if (flagsChanged) await bumpRosterVersion(tx, ctx.schoolId);
      progress(replaced.length, 'done');
      return { changes: { ...changes, skippedRows: badRows }, undo: null };
    },
  };
}
