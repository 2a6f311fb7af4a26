/**
 * Plans and writes an import of historical marks. Each mark becomes an event in the school's log
 * like any other (so the history, pulls and reports see it), attributed to the person importing
 * with the reason "imported from MIS" and no device. The register rules are the domain's: a code
 * must exist on its date (2006 codes before 19 August 2024, 2024 codes from then), minutes late
 * go only with L or U. What a role may enter today does not apply: the file reproduces what the
 * register already said.
 *
 * The write is the bulk path: events and entries go in a few thousand rows per statement, inside
 * the school's log lock, with the server sequence taken in one step (read, add n, write).
 */
import { randomUUID } from 'node:crypto';
import {
  calendarSpan,
  isSchoolDay,
  validateMark,
  type LocalDate,
  type MarkEvent,
} from '../../domain/index';
import type { ImportChangeLine, ImportChanges, RowError } from '../../shared/api/dataSchemas';
import { SYNC_PROTOCOL_VERSION } from '../../shared/api/syncSchemas';
import type { Queryable } from '../db/database';
import { BULK_BATCH, bulkInsert } from './bulkSql';
import { analyzeDue, analyzeGrowingTables } from '../db/tableStatistics';
import { buildPreview, emptyChanges, type ImportContext, type ImportPlan } from './importPlan';
import { parseMarkRows, type MarkRow } from './markRows';

export const IMPORT_REASON = 'imported from MIS';

interface StoredEntry {
  code: string;
  minutesLate: number | null;
  headEventId: string;
}

interface MarkWrite {
  readonly row: MarkRow;
  readonly pupilId: string;
  readonly base: StoredEntry | null;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

export async function planMarkImport(db: Queryable, text: string, ctx: ImportContext): Promise<ImportPlan> {
  const parsed = parseMarkRows(text);
  const errors: RowError[] = [...parsed.errors];
  let badRows = parsed.badRows;

  const { rows: pupils } = await db.query<{ id: string; upn: string; on_roll_from: string; on_roll_to: string | null }>(
    'SELECT id, upn, on_roll_from, on_roll_to FROM pupil WHERE school_id = $1 AND upn IS NOT NULL',
    [ctx.schoolId],
  );
  const pupilByUpn = new Map(pupils.map((p) => [p.upn, p]));

  let from: string | null = null;
  let to: string | null = null;
  for (const row of parsed.rows) {
    if (from === null || row.date < from) from = row.date;
    if (to === null || row.date > to) to = row.date;
  }
  const existing = new Map<string, StoredEntry>();
  if (from !== null && to !== null) {
    const { rows } = await db.query<{
      pupil_id: string;
      session_date: string;
      session_part: string;
      code: string;
      minutes_late: number | null;
      head_event_id: string;
    }>(
      `SELECT pupil_id, session_date, session_part, code, minutes_late, head_event_id FROM register_entry
        WHERE school_id = $1 AND session_date BETWEEN $2 AND $3`,
      [ctx.schoolId, from, to],
    );
    for (const r of rows) {
      existing.set(`${r.pupil_id}|${r.session_date}|${r.session_part}`, {
        code: r.code,
        minutesLate: r.minutes_late,
        headEventId: r.head_event_id,
      });
    }
  }

  const span = calendarSpan(ctx.config);
  const changes: ImportChanges = emptyChanges();
  const changeList: ImportChangeLine[] = [];
  const writes: MarkWrite[] = [];
  const actor = { staffId: ctx.staff.id, name: ctx.staff.name, role: ctx.role };
  for (const row of parsed.rows) {
    const pupil = pupilByUpn.get(row.upn);
    const bad = (column: string, value: string, message: string): void => {
      errors.push({ row: row.row, column, value, message: `row ${row.row}: ${message}` });
    };
    if (pupil === undefined) {
      bad('UPN', row.upn, `UPN '${row.upn}' is not a pupil at ${ctx.schoolName}; import the pupils first`);
      badRows += 1;
      continue;
    }
    const problems: string[] = [];
    if (row.date < pupil.on_roll_from || (pupil.on_roll_to !== null && row.date > pupil.on_roll_to)) {
      problems.push(
        `UPN '${row.upn}' was not on roll on ${row.date} (on roll ${pupil.on_roll_from} to ${pupil.on_roll_to ?? 'now'})`,
      );
    }
    // The calendar judges only the years it describes: history from before the configured
    // terms is taken as the MIS recorded it.
    if (span !== null && row.date >= span.from && row.date <= span.to && !isSchoolDay(ctx.config, row.date)) {
      problems.push(`${row.date} is not a school day at ${ctx.schoolName} (weekend, holiday or outside a term)`);
    }
    const key = `${pupil.id}|${row.date}|${row.part}`;
    const base = existing.get(key) ?? null;
    const event: MarkEvent = {
      eventId: key,
      pupilId: pupil.id,
      session: { date: row.date, part: row.part },
      code: row.code,
      minutesLate: row.minutesLate,
      arrivedAt: null,
      reason: IMPORT_REASON,
      baseEventId: base?.headEventId ?? null,
      actor,
      deviceId: null,
      recordedAt: ctx.now.toISOString(),
    };
    const checked = validateMark({
      event,
      head:
        base === null
          ? null
          : { headEventId: base.headEventId, code: base.code, minutesLate: base.minutesLate, headRole: ctx.role },
      school: ctx.config,
      registerClosed: true,
    });
    if (!checked.ok) {
      for (const v of checked.errors) {
        if (v.code === 'code_not_allowed_for_role') continue;
        problems.push(v.field === 'code' ? `code ${v.message}` : lowerFirst(v.message));
      }
    }
    if (problems.length > 0) {
      for (const p of problems) bad(p.startsWith('code') ? 'code' : 'date', row.code, p);
      badRows += 1;
      continue;
    }
    if (base !== null && base.code === row.code && base.minutesLate === row.minutesLate) {
      changes.unchanged += 1;
      continue;
    }
    writes.push({ row, pupilId: pupil.id, base });
    if (base === null) changes.new += 1;
    else {
      changes.updated += 1;
      if (changeList.length < 200) {
        changeList.push({
          row: row.row,
          change: 'updated',
          key: `${row.upn} ${row.date} ${row.part}`,
          label: `${base.code} → ${row.code}`,
          details: [`code ${base.code} → ${row.code}`],
        });
      }
    }
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
    apply: (tx, progress) => writeMarks(tx, ctx, writes, progress).then(() => ({ changes: { ...changes, skippedRows: badRows }, undo: null })),
  };
}

const EVENT_COLUMNS = [
  { name: 'school_id', type: 'uuid' },
  { name: 'server_seq', type: 'bigint' },
  { name: 'event_id', type: 'uuid' },
  { name: 'pupil_id', type: 'uuid' },
  { name: 'session_date', type: 'date' },
  { name: 'session_part', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'code', type: 'text' },
  { name: 'minutes_late', type: 'int' },
  { name: 'reason', type: 'text' },
  { name: 'base_event_id', type: 'uuid' },
  { name: 'actor_staff_id', type: 'uuid' },
  { name: 'actor_name', type: 'text' },
  { name: 'actor_role', type: 'text' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'status', type: 'text' },
  { name: 'payload_version', type: 'smallint' },
] as const;

const ENTRY_COLUMNS = [
  { name: 'school_id', type: 'uuid' },
  { name: 'pupil_id', type: 'uuid' },
  { name: 'session_date', type: 'date' },
  { name: 'session_part', type: 'text' },
  { name: 'code', type: 'text' },
  { name: 'minutes_late', type: 'int' },
  { name: 'head_event_id', type: 'uuid' },
  { name: 'head_seq', type: 'bigint' },
  { name: 'head_role', type: 'text' },
] as const;

/**
 * Writes the events and their entries. The caller has taken the school's log lock (the sync_head
 * row), so nobody else numbers events until this transaction ends.
 */
async function writeMarks(
  tx: Queryable,
  ctx: ImportContext,
  writes: readonly MarkWrite[],
  progress: (done: number, phase: string) => void,
): Promise<void> {
  if (writes.length === 0) return;
  const { rows } = await tx.query<{ seq: number }>('SELECT seq FROM sync_head WHERE school_id = $1', [ctx.schoolId]);
  const firstSeq = (rows[0]?.seq ?? 0) + 1;
  const receivedAt = ctx.now.toISOString();
  // A long import grows the event log many times over inside one transaction: fresh statistics
  // keep each entry's foreign-key check an index lookup (tableStatistics.ts).
  let sinceAnalyze = 0;
  let rowsAtAnalyze = 0;
  for (let start = 0; start < writes.length; start += BULK_BATCH) {
    const batch = writes.slice(start, start + BULK_BATCH);
    const eventRows: unknown[][] = [];
    const entryRows: unknown[][] = [];
    batch.forEach((w, i) => {
      const seq = firstSeq + start + i;
      const eventId = randomUUID();
      eventRows.push([
        ctx.schoolId,
        seq,
        eventId,
        w.pupilId,
        w.row.date,
        w.row.part,
        w.base === null ? 'mark' : 'amend',
        w.row.code,
        w.row.minutesLate,
        IMPORT_REASON,
        w.base?.headEventId ?? null,
        ctx.staff.id,
        ctx.staff.name,
        ctx.role,
        receivedAt,
        'applied',
        SYNC_PROTOCOL_VERSION,
      ]);
      entryRows.push([ctx.schoolId, w.pupilId, w.row.date, w.row.part, w.row.code, w.row.minutesLate, eventId, seq, ctx.role]);
    });
    await bulkInsert(tx, 'mark_event', EVENT_COLUMNS, eventRows);
    await bulkInsert(
      tx,
      'register_entry',
      ENTRY_COLUMNS,
      entryRows,
      `ON CONFLICT (school_id, pupil_id, session_date, session_part) DO UPDATE SET
         code = EXCLUDED.code, minutes_late = EXCLUDED.minutes_late, head_event_id = EXCLUDED.head_event_id,
         head_seq = EXCLUDED.head_seq, head_role = EXCLUDED.head_role`,
    );
    sinceAnalyze += batch.length;
    if (analyzeDue(sinceAnalyze, rowsAtAnalyze)) {
      rowsAtAnalyze = await analyzeGrowingTables(tx);
      sinceAnalyze = 0;
    }
    progress(start + batch.length, 'writing marks');
  }
  await tx.query('UPDATE sync_head SET seq = $2 WHERE school_id = $1', [ctx.schoolId, firstSeq + writes.length - 1]);
}

/** Dates of a marks file, for messages; exported for the CLI's summary. */
export function dateRangeOf(rows: readonly { date: LocalDate }[]): { from: LocalDate; to: LocalDate } | null {
  let from: LocalDate | null = null;
  let to: LocalDate | null = null;
  for (const r of rows) {
    if (from === null || r.date < from) from = r.date;
    if (to === null || r.date > to) to = r.date;
  }
  return from === null || to === null ? null : { from, to };
}
