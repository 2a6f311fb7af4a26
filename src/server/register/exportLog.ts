/**
 * The export log: one row per marks export. The retention job removes an entry only if a range
 * exported after the entry's last change covers it, so nothing leaves the register unexported.
 */
import type { Queryable } from '../db/database';

export interface ExportRecord {
  readonly schoolId: string;
  readonly from: string;
  readonly to: string;
  readonly at: Date;
  /** Who exported; null for an export made at the command line. */
  readonly byStaffId: string | null;
}

/** Records one marks export. */
export async function recordExport(db: Queryable, record: ExportRecord): Promise<void> {
  await db.query(
    `INSERT INTO export_log (school_id, from_date, to_date, exported_at, exported_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [record.schoolId, record.from, record.to, record.at, record.byStaffId],
  );
}
