/** Reading and writing trips (migration 0005). Every read is limited to one school. */
import { localDate, type SessionPart, type SessionRef } from '../../domain/index';
import type { Role } from '../../domain/index';
import type { TripDetail, TripEntry, TripPupil } from '../../shared/api/tripSchemas';
import type { Queryable } from '../db/database';

export interface NewTrip {
  readonly id: string;
  readonly schoolId: string;
  readonly name: string;
  readonly code: TripDetail['code'];
  readonly from: SessionRef;
  readonly to: SessionRef;
  readonly sessions: readonly SessionRef[];
  readonly leaderIds: readonly string[];
  readonly pupilIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
}

export async function insertTrip(tx: Queryable, trip: NewTrip): Promise<void> {
  await tx.query(
    `INSERT INTO trip (id, school_id, name, code, first_date, first_part, last_date, last_part,
        created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      trip.id,
      trip.schoolId,
      trip.name,
      trip.code,
      trip.from.date,
      trip.from.part,
      trip.to.date,
      trip.to.part,
      trip.createdBy,
      trip.createdAt,
    ],
  );
  await tx.query(`INSERT INTO trip_leader (trip_id, staff_id) SELECT $1, unnest($2::uuid[])`, [
    trip.id,
    trip.leaderIds,
  ]);
  await tx.query(`INSERT INTO trip_pupil (trip_id, pupil_id) SELECT $1, unnest($2::uuid[])`, [
    trip.id,
    trip.pupilIds,
  ]);
  await tx.query(
    `INSERT INTO trip_session (trip_id, session_date, session_part)
     SELECT $1, d::date, p FROM unnest($2::text[], $3::text[]) AS s(d, p)`,
    [trip.id, trip.sessions.map((s) => s.date), trip.sessions.map((s) => s.part)],
  );
}

export interface TripFilter {
  /** Only these trips. */
  readonly ids?: readonly string[];
  /** Only trips this person leads. */
  readonly leaderId?: string;
  /** Only trips that end on or after this day. */
  readonly endsFrom?: string;
  /** Only trips that start on or before this day. */
  readonly startsTo?: string;
}

/** The school's trips matching `filter`, newest first, with leaders, pupils and sessions. */
export async function loadTrips(
  db: Queryable,
  schoolId: string,
  filter: TripFilter = {},
): Promise<TripDetail[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    code: TripDetail['code'];
    first_date: string;
    first_part: SessionPart;
    last_date: string;
    last_part: SessionPart;
    created_by: string;
    created_by_name: string;
    created_at: Date;
  }>(
    `SELECT t.id, t.name, t.code, to_char(t.first_date, 'YYYY-MM-DD') AS first_date, t.first_part,
            to_char(t.last_date, 'YYYY-MM-DD') AS last_date, t.last_part,
            t.created_by, c.name AS created_by_name, t.created_at
       FROM trip t JOIN staff c ON c.id = t.created_by
      WHERE t.school_id = $1
        AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
        AND ($3::uuid IS NULL OR EXISTS
              (SELECT 1 FROM trip_leader l WHERE l.trip_id = t.id AND l.staff_id = $3::uuid))
        AND ($4::date IS NULL OR t.last_date >= $4::date)
        AND ($5::date IS NULL OR t.first_date <= $5::date)
      ORDER BY t.first_date DESC, t.first_part DESC, t.name`,
    [
      schoolId,
      filter.ids === undefined ? null : [...filter.ids],
      filter.leaderId ?? null,
      filter.endsFrom ?? null,
      filter.startsTo ?? null,
    ],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const leaders = await db.query<{ trip_id: string; id: string; name: string }>(
    `SELECT l.trip_id, s.id, s.name FROM trip_leader l JOIN staff s ON s.id = l.staff_id
      WHERE l.trip_id = ANY($1::uuid[]) ORDER BY s.name`,
    [ids],
  );
  // Each pupil's group on the trip's last day (or the latest before it).
  const pupils = await db.query<{
    trip_id: string;
    id: string;
    forename: string;
    surname: string;
    group_id: string;
    group_name: string;
  }>(
    `SELECT DISTINCT ON (tp.trip_id, p.id) tp.trip_id, p.id,
            coalesce(p.preferred_forename, p.legal_forename) AS forename,
            coalesce(p.preferred_surname, p.legal_surname) AS surname,
            m.group_id, g.name AS group_name
       FROM trip_pupil tp
       JOIN trip t ON t.id = tp.trip_id
       JOIN pupil p ON p.id = tp.pupil_id
       JOIN group_membership m ON m.pupil_id = p.id AND m.from_date <= t.last_date
       JOIN school_group g ON g.id = m.group_id
      WHERE tp.trip_id = ANY($1::uuid[])
      ORDER BY tp.trip_id, p.id, m.from_date DESC`,
    [ids],
  );
  const sessions = await db.query<{
    trip_id: string;
    session_date: string;
    session_part: SessionPart;
  }>(
    `SELECT trip_id, to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part
       FROM trip_session WHERE trip_id = ANY($1::uuid[])
      ORDER BY session_date, session_part`,
    [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    code: row.code,
    from: { date: row.first_date, part: row.first_part },
    to: { date: row.last_date, part: row.last_part },
    sessions: sessions.rows
      .filter((s) => s.trip_id === row.id)
      .map((s) => ({ date: s.session_date, part: s.session_part })),
    leaders: leaders.rows
      .filter((l) => l.trip_id === row.id)
      .map((l) => ({ id: l.id, name: l.name })),
    pupils: pupils.rows
      .filter((p) => p.trip_id === row.id)
      .map((p): TripPupil => ({
        id: p.id,
        displayName: `${p.forename} ${p.surname}`,
        sortName: `${p.surname}, ${p.forename}`,
        groupId: p.group_id,
        groupName: p.group_name,
      }))
      .sort((a, b) => a.sortName.localeCompare(b.sortName, 'en-GB')),
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
  }));
}

/** The current entries of a trip's pupils for its sessions: the heads a leader's mark builds on. */
export async function loadTripEntries(
  db: Queryable,
  schoolId: string,
  trip: TripDetail,
): Promise<TripEntry[]> {
  if (trip.sessions.length === 0 || trip.pupils.length === 0) return [];
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: string;
    session_part: SessionPart;
    code: string;
    head_event_id: string;
    head_seq: number;
    head_role: Role;
  }>(
    `SELECT e.pupil_id, to_char(e.session_date, 'YYYY-MM-DD') AS session_date, e.session_part,
            e.code, e.head_event_id, e.head_seq, e.head_role
       FROM register_entry e
       JOIN trip_pupil tp ON tp.pupil_id = e.pupil_id AND tp.trip_id = $2
       JOIN trip_session ts ON ts.trip_id = $2 AND ts.session_date = e.session_date
                            AND ts.session_part = e.session_part
      WHERE e.school_id = $1
      ORDER BY e.session_date, e.session_part, e.pupil_id`,
    [schoolId, trip.id],
  );
  return rows.map((r) => ({
    pupilId: r.pupil_id,
    session: { date: localDate(r.session_date), part: r.session_part },
    code: r.code,
    headEventId: r.head_event_id,
    headSeq: Number(r.head_seq),
    headRole: r.head_role,
  }));
}
