/**
 * Builders for the report tests: current entries written straight into the tables (one
 * `mark_event` per entry, as its head, and the `register_entry` projection), which is far faster
 * than pushing them through the sync API and is all a report reads. Also a viewer and context
 * for calling the report service directly.
 */
import type { LocalDate, StatEntry } from '../../src/domain';
import type { Queryable } from '../../src/server/db/database';
import type { Viewer } from '../../src/server/reports/reportAccess';
import type { ReportContext } from '../../src/server/reports/reportService';
import { loadReportSchool } from '../../src/server/reports/reportService';
import { createSyncSchool, type SyncSchool } from './syncFixtures';

/**
 * Writes `entries` as the current entries of pupils of `schoolId`, each with its own head event
 * by `staffId`. At most one entry per pupil and session; sequence numbers follow `firstSeq`.
 */
export async function insertEntries(
  db: Queryable,
  schoolId: string,
  staffId: string,
  entries: readonly StatEntry[],
  firstSeq = 1,
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO mark_event (school_id, server_seq, event_id, pupil_id, session_date, session_part, kind,
        code, minutes_late, actor_staff_id, actor_name, actor_role, status, payload_version)
     SELECT $1, $2::bigint + t.ord - 1, gen_random_uuid(), t.pupil, t.d, t.part, 'mark', t.code, t.mins,
            $3, 'Report Test', 'office', 'applied', 1
       FROM unnest($4::uuid[], $5::date[], $6::text[], $7::text[], $8::int[]) WITH ORDINALITY
            AS t(pupil, d, part, code, mins, ord)`,
    [
      schoolId,
      firstSeq,
      staffId,
      entries.map((e) => e.pupilId),
      entries.map((e) => e.date),
      entries.map((e) => e.part),
      entries.map((e) => e.code),
      entries.map((e) => e.minutesLate ?? null),
    ],
  );
  await db.query(
    `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
        head_event_id, head_seq, head_role)
     SELECT school_id, pupil_id, session_date, session_part, code, minutes_late, event_id, server_seq, actor_role
       FROM mark_event WHERE school_id = $1 AND server_seq >= $2`,
    [schoolId, firstSeq],
  );
}

/** Someone who sees the whole school (an attendance lead). */
export function leadViewer(schoolId: string, staffId: string): Viewer {
  return {
    staffId,
    schoolId,
    roles: ['attendance_lead'],
    wholeSchool: true,
    groupIds: new Set(),
  };
}

export async function leadContext(
  db: Queryable,
  schoolId: string,
  staffId: string,
  today: LocalDate,
): Promise<ReportContext> {
  return {
    school: await loadReportSchool(db, schoolId, today),
    today,
    viewer: leadViewer(schoolId, staffId),
  };
}

/** Sets the server-side flags of a pupil. */
export async function setFlags(
  db: Queryable,
  pupilId: string,
  flags: { send?: boolean; fsm?: boolean; lookedAfter?: boolean; socialWorker?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE pupil SET send = $2, fsm = $3, looked_after = $4, social_worker = $5 WHERE id = $1`,
    [
      pupilId,
      flags.send ?? false,
      flags.fsm ?? false,
      flags.lookedAfter ?? false,
      flags.socialWorker ?? false,
    ],
  );
}

/**
 * A school with one Year 3 group of `pupils` pupils, all aged 5 to 15 (and of compulsory school
 * age) in 2024–25; the first `eligible` are eligible for free school meals from before the year,
 * the rest not.
 */
export async function createFsmSchool(
  db: Queryable,
  pupils: number,
  eligible: number,
): Promise<SyncSchool> {
  const school = await createSyncSchool(db, {
    groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils }],
  });
  await db.query('UPDATE pupil SET date_of_birth = $2 WHERE school_id = $1', [
    school.id,
    '2016-03-01',
  ]);
  for (const [index, pupilId] of school.pupilIds.entries()) {
    await db.query(
      `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date)
       VALUES ($1, $2, 'fsm', $3, '2023-09-01')`,
      [school.id, pupilId, index < eligible ? 'yes' : 'no'],
    );
  }
  return school;
}
