/**
 * Absences reported by parents, and the office's decision. A report never changes the register by
 * itself: it waits in the office's "Reported by parents" queue. Accepting it writes mark events
 * through the one write path (register/serverEvents.ts), by the office person who accepted, with
 * the code they chose and a reason naming the parent who reported it: each `N` in the reported
 * days becomes that code (an amendment with its history), and sessions still to come with no
 * mark yet get the code entered in advance. Marks other than `N` are left alone.
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  daysBetween,
  eachDay,
  localDate,
  longDate,
  sessionOf,
  toSchoolWallClock,
  type LocalDate,
  type MarkActor,
  mayEnter,
} from '../../domain/index';
import { MAX_REPORT_DAYS, type AbsenceReport } from '../../shared/api/parentSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { appendServerEvents, type ServerEventInput } from '../register/serverEvents';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import type { ParentChild } from './parentAccess';

/** How far back a parent may report: a child off sick yesterday is often reported the day after. */
export const REPORT_DAYS_BACK = 7;

interface ReportRow {
  id: string;
  pupil_id: string;
  pupil_name: string;
  contact_name: string;
  relationship: string;
  from_date: string;
  to_date: string;
  reason: string;
  expected_return: string | null;
  created_at: Date;
  status: AbsenceReport['status'];
  entries_changed: number | null;
}

const REPORT_SELECT = `
  SELECT r.id, r.pupil_id, coalesce(p.preferred_forename, p.legal_forename) || ' ' || coalesce(p.preferred_surname, p.legal_surname) AS pupil_name,
         c.full_name AS contact_name, c.relationship,
         to_char(r.from_date, 'YYYY-MM-DD') AS from_date, to_char(r.to_date, 'YYYY-MM-DD') AS to_date, r.reason,
         to_char(r.expected_return, 'YYYY-MM-DD') AS expected_return, r.created_at, r.status, r.entries_changed
    FROM absence_report r JOIN pupil p ON p.id = r.pupil_id JOIN pupil_contact c ON c.id = r.contact_id`;

/** The one row a statement that just wrote it reads back. */
function only(rows: readonly ReportRow[]): ReportRow {
  const row = rows[0];
  if (row === undefined) throw new Error('The absence report just written was not found.');
  return row;
}

function toReport(r: ReportRow): AbsenceReport {
  return {
    id: r.id,
    pupilId: r.pupil_id,
    pupilName: r.pupil_name,
    reportedBy: { name: r.contact_name, relationship: r.relationship },
    from: localDate(r.from_date),
    to: localDate(r.to_date),
    reason: r.reason,
    expectedReturn: r.expected_return === null ? null : localDate(r.expected_return),
    at: r.created_at.toISOString(),
    status: r.status,
    entriesChanged: r.entries_changed,
  };
}

async function todayAt(db: Queryable, schoolId: string, now: Date): Promise<LocalDate> {
  const config = schoolConfigOf(await loadSchoolRow(db, schoolId), now);
  return toSchoolWallClock(now, config.timeZone).date;
}

export async function createReport(
  db: Queryable,
  input: {
    children: readonly ParentChild[];
    now: Date;
    request: {
      pupilId: string;
      from: LocalDate;
      to: LocalDate;
      reason: string;
      expectedReturn: LocalDate | null;
    };
  },
): Promise<AbsenceReport> {
  const { request } = input;
  // Another family's child and an unknown pupil get the same answer: nothing says the pupil exists.
  const child = input.children.find((c) => c.pupilId === request.pupilId);
  if (child === undefined) {
    throw new ApiError('not_found', {
      message: 'This is not one of your children. Choose a child from your list.',
    });
  }
  const today = await todayAt(db, child.schoolId, input.now);
  const refuse = (message: string): never => {
    throw new ApiError('invalid_request', { message });
  };
  if (request.to < request.from)
    refuse('The last day of absence is before the first. Check the dates.');
  if (request.from < addDays(today, -REPORT_DAYS_BACK)) {
    refuse(
      `You can report an absence from up to ${REPORT_DAYS_BACK} days ago. For anything earlier, please call the school.`,
    );
  }
  if (daysBetween(request.from, request.to) >= MAX_REPORT_DAYS) {
    refuse(
      `A report can cover at most ${MAX_REPORT_DAYS} days. For a longer absence, please call the school.`,
    );
  }
  if (request.expectedReturn !== null && request.expectedReturn <= request.to) {
    refuse('The expected return is not after the last day of absence. Check the dates.');
  }
  const id = randomUUID();
  await db.query(
    `INSERT INTO absence_report (id, school_id, pupil_id, contact_id, from_date, to_date, reason, expected_return, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      child.schoolId,
      child.pupilId,
      child.contactId,
      request.from,
      request.to,
      request.reason,
      request.expectedReturn,
      input.now,
    ],
  );
  const { rows } = await db.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  return toReport(only(rows));
}

export async function reportsOfParent(
  db: Queryable,
  children: readonly ParentChild[],
): Promise<AbsenceReport[]> {
  const { rows } = await db.query<ReportRow>(
    `${REPORT_SELECT} WHERE r.contact_id = ANY($1::uuid[]) ORDER BY r.created_at DESC LIMIT 50`,
    [children.map((c) => c.contactId)],
  );
  return rows.map(toReport);
}

export async function reportsOfSchool(
  db: Queryable,
  schoolId: string,
  status: AbsenceReport['status'],
): Promise<AbsenceReport[]> {
  const { rows } = await db.query<ReportRow>(
    `${REPORT_SELECT} WHERE r.school_id = $1 AND r.status = $2 ORDER BY r.from_date, r.created_at LIMIT 500`,
    [schoolId, status],
  );
  return rows.map(toReport);
}

async function lockNewReport(tx: Queryable, schoolId: string, id: string): Promise<ReportRow> {
  const { rows } = await tx.query<ReportRow & { status: string }>(
    `${REPORT_SELECT} WHERE r.id = $1 AND r.school_id = $2 FOR UPDATE OF r`,
    [id, schoolId],
  );
  const row = rows[0];
  if (row === undefined)
    throw new ApiError('not_found', {
      message: 'There is no such report at this school. Reload the queue.',
    });
  if (row.status !== 'new') {
    throw new ApiError('changed_since', {
      message: `This report has been ${row.status} already, by someone else. Reload the queue.`,
    });
  }
  return row;
}

export async function declineReport(
  db: Database,
  input: { schoolId: string; id: string; staffId: string; now: Date },
): Promise<AbsenceReport> {
  return db.transaction(async (tx) => {
    await lockNewReport(tx, input.schoolId, input.id);
    await tx.query(
      `UPDATE absence_report SET status = 'declined', decided_by = $2, decided_at = $3, entries_changed = 0 WHERE id = $1`,
      [input.id, input.staffId, input.now],
    );
    const { rows } = await tx.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [input.id]);
    return toReport(only(rows));
  });
}

export async function acceptReport(
  db: Database,
  input: { schoolId: string; id: string; actor: MarkActor; code: string; now: Date },
): Promise<AbsenceReport> {
  return db.transaction(async (tx) => {
    const report = await lockNewReport(tx, input.schoolId, input.id);
    const school = schoolConfigOf(await loadSchoolRow(tx, input.schoolId), input.now);
    if (!mayEnter(school, input.actor.role, input.code)) {
      throw new ApiError('invalid_request', {
        message: `Your role may not enter '${input.code}' at ${school.name}. Choose another code, or ask the attendance lead.`,
      });
    }
    const today = toSchoolWallClock(input.now, school.timeZone).date;
    const from = localDate(report.from_date);
    const to = localDate(report.to_date);
    const { rows: entries } = await tx.query<{
      session_date: string;
      session_part: 'AM' | 'PM';
      code: string;
      head_event_id: string;
    }>(
      `SELECT to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, code, head_event_id FROM register_entry
        WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4`,
      [input.schoolId, report.pupil_id, from, to],
    );
    const entryOf = new Map(entries.map((e) => [`${e.session_date}:${e.session_part}`, e]));
    const reason =
      `Reported by ${report.contact_name} (${report.relationship.toLowerCase()}) on the parent page on ${longDate(
        toSchoolWallClock(report.created_at, school.timeZone).date,
      )}: ${report.reason}`.slice(0, 500);
    const events: ServerEventInput[] = [];
    for (const date of eachDay(from, to)) {
      for (const part of ['AM', 'PM'] as const) {
        const entry = entryOf.get(`${date}:${part}`);
        const isN = entry?.code === 'N';
        const isFreeFuture =
          entry === undefined && date >= today && sessionOf(school, { date, part }) === 'open';
        if (!isN && !isFreeFuture) continue;
        events.push({
          eventId: randomUUID(),
          pupilId: report.pupil_id,
          session: { date, part },
          code: input.code,
          minutesLate: null,
          arrivedAt: null,
          reason,
          baseEventId: entry?.head_event_id ?? null,
          actor: input.actor,
          deviceId: null,
          recordedAt: input.now.toISOString(),
        });
      }
    }
    const appended = await appendServerEvents(tx, {
      schoolId: input.schoolId,
      now: input.now,
      events,
    });
    const changed = appended.filter((e) => e.status === 'applied').length;
    await tx.query(
      `UPDATE absence_report SET status = 'accepted', decided_by = $2, decided_at = $3, decision_code = $4, entries_changed = $5
        WHERE id = $1`,
      [input.id, input.actor.staffId, input.now, input.code, changed],
    );
    const { rows } = await tx.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [input.id]);
    return toReport(only(rows));
  });
}
