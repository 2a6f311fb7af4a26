/**
 * register_entry rows ↔ the entry values the API sends (a push's acknowledgement, a new tablet's
 * snapshot). As eventRows.ts does for mark_event, this is the one place that knows the columns.
 */
import type { Role, SessionRef } from '../../domain/index';
import type { AckEntry } from './batchEvents';

export interface EntryRow {
  pupil_id: string;
  session_date: string;
  session_part: SessionRef['part'];
  code: string;
  minutes_late: number | null;
  head_event_id: string;
  head_seq: number;
  head_role: Role;
  needs_review: boolean;
}

export const ENTRY_COLUMNS = `pupil_id, to_char(session_date, 'YYYY-MM-DD') AS session_date,
  session_part, code, minutes_late, head_event_id, head_seq, head_role, needs_review`;

/** The entry's value as a push acknowledges it (without which pupil and session it is). */
export function toAckEntry(row: EntryRow): AckEntry {
  return {
    code: row.code,
    minutesLate: row.minutes_late,
    headEventId: row.head_event_id,
    headSeq: row.head_seq,
    headRole: row.head_role,
    needsReview: row.needs_review,
  };
}
