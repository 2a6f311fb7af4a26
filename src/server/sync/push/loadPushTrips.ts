/** The trips a pushed batch names, loaded once per push for checkPushedEvent.ts (the load step). */
import { localDate, type SessionPart } from '../../../domain/index';
import type { Queryable } from '../../db/database';
import type { TripForCheck } from './checkPushedEvent';

/** The trips named by `events` that belong to `schoolId`, by id (another school's: absent). */
export async function loadTripsForChecks(
  tx: Queryable,
  schoolId: string,
  events: readonly { readonly tripId?: string | undefined }[],
): Promise<Map<string, TripForCheck>> {
  const ids = [...new Set(events.flatMap((e) => (e.tripId === undefined ? [] : [e.tripId])))];
  const trips = new Map<string, TripForCheck>();
  if (ids.length === 0) return trips;
  const { rows } = await tx.query<{
    id: string;
    name: string;
    code: string;
    first_date: string;
    first_part: SessionPart;
    last_date: string;
    last_part: SessionPart;
    leader_ids: string[] | null;
    pupil_ids: string[] | null;
    session_keys: string[] | null;
  }>(
    `SELECT t.id, t.name, t.code,
            to_char(t.first_date, 'YYYY-MM-DD') AS first_date, t.first_part,
            to_char(t.last_date, 'YYYY-MM-DD') AS last_date, t.last_part,
            (SELECT array_agg(l.staff_id::text) FROM trip_leader l WHERE l.trip_id = t.id) AS leader_ids,
            (SELECT array_agg(p.pupil_id::text) FROM trip_pupil p WHERE p.trip_id = t.id) AS pupil_ids,
            -- The domain's sessionKey form (yyyy-MM-dd:AM), so checks compare like with like.
            (SELECT array_agg(to_char(s.session_date, 'YYYY-MM-DD') || ':' || s.session_part)
               FROM trip_session s WHERE s.trip_id = t.id) AS session_keys
       FROM trip t
      WHERE t.school_id = $1 AND t.id = ANY($2::uuid[])`,
    [schoolId, ids],
  );
  for (const row of rows) {
    trips.set(row.id, {
      id: row.id,
      name: row.name,
      code: row.code,
      leaderIds: new Set(row.leader_ids ?? []),
      pupilIds: new Set(row.pupil_ids ?? []),
      sessionKeys: new Set(row.session_keys ?? []),
      first: { date: localDate(row.first_date), part: row.first_part },
      last: { date: localDate(row.last_date), part: row.last_part },
    });
  }
  return trips;
}
