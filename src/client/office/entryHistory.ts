/**
 * Reading an entry's history from `GET /api/pupils/:id/entries`: its current head (the latest
 * event the conflict rules applied), so an amendment is based on what the office saw.
 */
import type { EntryHistory } from '../../shared/api/entrySchemas';
import type { ServerHead } from './officeMark';

export function headOf(entry: EntryHistory): ServerHead | null {
  const applied = entry.events
    .filter((e) => e.status === 'applied')
    .sort((a, b) => a.serverSeq - b.serverSeq)
    .at(-1);
  return applied === undefined ? null : { eventId: applied.eventId, seq: applied.serverSeq };
}

export const EVENT_STATUS_TEXT: Readonly<Record<EntryHistory['events'][number]['status'], string>> =
  {
    applied: 'Applied',
    duplicate_value: 'Same as the entry (no change)',
    superseded: 'Superseded',
    conflict: 'In conflict (kept, not applied)',
    rejected: 'Refused',
  };
