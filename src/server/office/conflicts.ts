/**
 * The conflicts queue: events the office must look at — `conflict` (two people of equal rank
 * disagreed), `superseded` (a teacher's mark after the office had amended), and `applied` events
 * flagged because they replaced a mark their author never saw. Each is shown with both marks, both
 * authors and both times. The office decides; taking the other mark or amending goes through the
 * outbox like any mark, and the resolve call only records the decision, which closes the item.
 */
import {
  foldEntries,
  foldEntry,
  entryKey,
  localDate,
  type ServerMarkEvent,
} from '../../domain/index';
import type {
  ConflictItem,
  ConflictMark,
  ConflictResolution,
  OfficeActor,
  ResolveConflictRequest,
  ResolveConflictResponse,
} from '../../shared/api/officeSchemas';
import { deviceNames } from '../auth/devices';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { MARK_EVENT_COLUMNS, toServerMarkEvent, type MarkEventRow } from '../register/eventRows';
import { pupilsById } from './officeSupport';

// An event a device pushed after an administrator had revoked it (pushService admits only its
// push): always for the office to check, whatever the fold made of it.
const FROM_WITHDRAWN_DEVICE = `EXISTS (SELECT 1 FROM device d
   WHERE d.device_id = m.device_id AND d.revoked_at IS NOT NULL AND m.received_at >= d.revoked_at)`;

// Candidates straight from the log: applied events carry a status detail only when flagged
// (pushService), and the fold below confirms the flag rather than trusting the text.
const CANDIDATE_FILTER = `(m.status IN ('conflict', 'superseded')
    OR (m.status = 'applied' AND m.status_detail IS NOT NULL)
    OR (m.status = 'applied' AND ${FROM_WITHDRAWN_DEVICE}))
  AND NOT EXISTS (SELECT 1 FROM conflict_resolution r
                   WHERE r.school_id = m.school_id AND r.event_id = m.event_id)`;

function markOf(event: ServerMarkEvent, names: ReadonlyMap<string, string>): ConflictMark {
  return {
    eventId: event.eventId,
    code: event.code,
    minutesLate: event.minutesLate,
    reason: event.reason,
    by: event.actor,
    deviceId: event.deviceId,
    deviceName: event.deviceId === null ? null : (names.get(event.deviceId) ?? null),
    recordedAt: event.recordedAt,
    receivedAt: event.receivedAt,
  };
}

/** Every recorded event of the entries the candidates belong to. */
async function eventsOfEntries(
  db: Queryable,
  schoolId: string,
  candidates: readonly MarkEventRow[],
): Promise<ServerMarkEvent[]> {
  if (candidates.length === 0) return [];
  const { rows } = await db.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND status <> 'rejected'
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[]))
      ORDER BY server_seq`,
    [
      schoolId,
      candidates.map((c) => c.pupil_id),
      candidates.map((c) => c.session_date),
      candidates.map((c) => c.session_part),
    ],
  );
  return rows.map(toServerMarkEvent);
}

/** The open items, oldest event first. `eventId` narrows the search to one event. */
async function openItems(
  db: Queryable,
  schoolId: string,
  filter: { from?: string | undefined; to?: string | undefined; eventId?: string },
): Promise<ConflictItem[]> {
  const { rows: candidates } = await db.query<MarkEventRow & { from_withdrawn_device: boolean }>(
    `SELECT ${MARK_EVENT_COLUMNS}, ${FROM_WITHDRAWN_DEVICE} AS from_withdrawn_device
       FROM mark_event m
      WHERE m.school_id = $1 AND ${CANDIDATE_FILTER}
        AND ($2::date IS NULL OR m.session_date >= $2) AND ($3::date IS NULL OR m.session_date <= $3)
        AND ($4::uuid IS NULL OR m.event_id = $4)
      ORDER BY m.server_seq`,
    [
      schoolId,
      filter.from === undefined ? null : localDate(filter.from),
      filter.to === undefined ? null : localDate(filter.to),
      filter.eventId ?? null,
    ],
  );
  const events = await eventsOfEntries(db, schoolId, candidates);
  const entries = foldEntries(events);
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const pupils = await pupilsById(
    db,
    schoolId,
    candidates.map((c) => c.pupil_id),
    null,
  );

  const names = await deviceNames(
    db,
    schoolId,
    events.map((e) => e.deviceId),
  );
  const items: ConflictItem[] = [];
  for (const row of candidates) {
    const event = toServerMarkEvent(row);
    const key = entryKey(event.pupilId, event.session);
    const entry = entries.get(key);
    const outcome = entry?.outcomes.find((o) => o.eventId === event.eventId)?.outcome;
    if (entry === undefined || outcome === undefined) continue;
    if (outcome.status === 'applied' && !outcome.flagged && !row.from_withdrawn_device) continue;
    if (outcome.status === 'duplicate_value') continue;
    let other: ServerMarkEvent | undefined;
    if (outcome.status === 'applied') {
      // The mark this event replaced: the head just before it in server order.
      const before = foldEntry(
        events.filter(
          (e) => entryKey(e.pupilId, e.session) === key && e.serverSeq < event.serverSeq,
        ),
      );
      other = before === null ? undefined : byId.get(before.headEventId);
    } else {
      other = byId.get(entry.headEventId);
    }
    const pupil = pupils.get(event.pupilId);
    items.push({
      eventId: event.eventId,
      serverSeq: event.serverSeq,
      status: outcome.status,
      flagged: outcome.status === 'applied',
      detail: row.status_detail,
      pupilId: event.pupilId,
      pupilName: pupil?.name ?? '',
      groupId: pupil?.groupId ?? null,
      groupName: pupil?.groupName ?? null,
      session: { date: event.session.date, part: event.session.part },
      mark: markOf(event, names),
      other: other === undefined ? null : markOf(other, names),
      headEventId: entry.headEventId,
      currentCode: entry.code,
    });
  }
  return items;
}

export function listConflicts(
  db: Queryable,
  schoolId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<ConflictItem[]> {
  return openItems(db, schoolId, range);
}

interface ResolutionRow {
  event_id: string;
  choice: ConflictResolution['choice'];
  note: string;
  staff_id: string;
  staff_name: string;
  staff_role: OfficeActor['role'];
  resolved_at: Date;
}

async function resolutionOf(
  db: Queryable,
  schoolId: string,
  eventId: string,
): Promise<ConflictResolution | null> {
  const { rows } = await db.query<ResolutionRow>(
    `SELECT event_id, choice, note, staff_id, staff_name, staff_role, resolved_at
       FROM conflict_resolution WHERE school_id = $1 AND event_id = $2`,
    [schoolId, eventId],
  );
  const row = rows[0];
  return row === undefined
    ? null
    : {
        eventId: row.event_id,
        choice: row.choice,
        note: row.note,
        by: { staffId: row.staff_id, name: row.staff_name, role: row.staff_role },
        at: row.resolved_at.toISOString(),
      };
}

/**
 * Records the office's decision on one queued event. A second decision on the same event changes
 * nothing: the first is returned with `alreadyResolved`, so a retry after a lost answer is safe.
 */
export async function resolveConflict(
  tx: Queryable,
  input: {
    schoolId: string;
    eventId: string;
    actor: OfficeActor;
    now: Date;
    request: ResolveConflictRequest;
  },
): Promise<ResolveConflictResponse> {
  const { schoolId, eventId, actor, request } = input;
  const earlier = await resolutionOf(tx, schoolId, eventId);
  if (earlier !== null) return { resolution: earlier, alreadyResolved: true };
  const [open] = await openItems(tx, schoolId, { eventId });
  if (open === undefined) {
    throw new ApiError('not_found', {
      message: 'No mark with that id is waiting for a decision at this school.',
    });
  }
  const { rowCount } = await tx.query(
    `INSERT INTO conflict_resolution (school_id, event_id, choice, note, staff_id, staff_name, staff_role,
        resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (school_id, event_id) DO NOTHING`,
    [
      schoolId,
      eventId,
      request.choice,
      request.note,
      actor.staffId,
      actor.name,
      actor.role,
      input.now,
    ],
  );
  const resolution = await resolutionOf(tx, schoolId, eventId);
  if (resolution === null) throw new Error('a conflict resolution was lost');
  return { resolution, alreadyResolved: rowCount !== 1 };
}
