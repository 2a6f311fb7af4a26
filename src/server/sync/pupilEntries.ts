/**
 * A pupil's register entries with their complete amendment trail, folded from the event log by
 * the domain core (the same fold the push used to decide each event).
 */
import { foldEntryTrails, sessionKey, type EntryTrail } from '../../domain/index';
import type {
  ClearedEntry,
  EntryHistory,
  PupilEntriesResponse,
} from '../../shared/api/entrySchemas';
import { deviceNames } from '../auth/devices';
import type { Queryable } from '../db/database';
import { MARK_EVENT_COLUMNS, toServerMarkEvent, type MarkEventRow } from '../register/eventRows';

export async function pupilEntries(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  from: string,
  to: string,
): Promise<PupilEntriesResponse | null> {
  const pupil = await db.query<{ id: string; forename: string; surname: string }>(
    `SELECT id, coalesce(preferred_forename, legal_forename) AS forename,
            coalesce(preferred_surname, legal_surname) AS surname
       FROM pupil WHERE id = $1 AND school_id = $2`,
    [pupilId, schoolId],
  );
  const found = pupil.rows[0];
  if (found === undefined) return null;
  const { rows } = await db.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4
      ORDER BY server_seq`,
    [schoolId, pupilId, from, to],
  );
  const recorded = rows.filter((r) => r.status !== 'rejected');
  const names = await deviceNames(
    db,
    schoolId,
    recorded.map((r) => r.device_id),
  );
  const trails = [...foldEntryTrails(recorded.map(toServerMarkEvent)).values()].sort((a, b) =>
    sessionKey(a.session) < sessionKey(b.session) ? -1 : 1,
  );
  const eventsOf = (trail: EntryTrail) =>
    recorded
      .filter(
        (r) =>
          r.pupil_id === trail.pupilId &&
          `${r.session_date}:${r.session_part}` === sessionKey(trail.session),
      )
      .map((r) => {
        const e = toServerMarkEvent(r);
        return {
          serverSeq: e.serverSeq,
          eventId: e.eventId,
          ...(e.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
          code: e.code,
          minutesLate: e.minutesLate,
          reason: e.reason,
          status: r.status,
          statusDetail: r.status_detail,
          by: e.actor,
          deviceId: e.deviceId,
          deviceName: e.deviceId === null ? null : (names.get(e.deviceId) ?? null),
          recordedAt: e.recordedAt,
          receivedAt: e.receivedAt,
        };
      });
  const withdrawalsOf = (trail: EntryTrail) =>
    trail.withdrawals.map((w) => ({
      withdrawn: w.withdrawn,
      markedAt: w.markedAt,
      withdrawnAt: w.withdrawnAt,
      by: w.by,
      deviceId: w.deviceId,
      recordedAt: w.recordedAt,
      afterMs: w.afterMs,
    }));
  const entries: EntryHistory[] = [];
  const cleared: ClearedEntry[] = [];
  for (const trail of trails) {
    const session = { date: trail.session.date, part: trail.session.part };
    const entry = trail.entry;
    if (entry === null) {
      cleared.push({ session, withdrawals: withdrawalsOf(trail), events: eventsOf(trail) });
      continue;
    }
    entries.push({
      session,
      code: entry.code,
      minutesLate: entry.minutesLate,
      needsReview: entry.needsReview,
      original: {
        code: entry.original.code,
        minutesLate: entry.original.minutesLate,
        by: entry.original.by,
        enteredAt: entry.original.enteredAt,
        deviceId: entry.original.deviceId,
        recordedAt: entry.original.recordedAt,
      },
      amendments: entry.amendments.map((a) => ({
        from: a.from,
        to: a.to,
        reason: a.reason,
        amendedAt: a.amendedAt,
        by: a.by,
        deviceId: a.deviceId,
        recordedAt: a.recordedAt,
      })),
      withdrawals: withdrawalsOf(trail),
      events: eventsOf(trail),
    });
  }
  return {
    pupil: { id: found.id, displayName: `${found.forename} ${found.surname}` },
    from,
    to,
    entries,
    cleared,
  };
}
