/**
 * Part-time timetables on the server (migration 0022): agreeing one enters `C2` for each of its
 * off sessions in advance, and ending one early withdraws its off sessions after today and after
 * its new last day, all through the register's one write path (appendServerEvents), so each is an
 * audited event by the person who did it, with the reason. An entry someone has changed since the
 * timetable entered it is left as it is and counted, for a person to look at.
 */
import { randomUUID } from 'node:crypto';
import {
  localDate,
  maxDate,
  offSessions,
  PART_TIME_CODE,
  partTimeProblems,
  partTimeReviewDue,
  ROLE_RANK,
  longDate,
  type LocalDate,
  type MarkActor,
  type Role,
  type SessionPart,
  type WeeklySession,
} from '../../domain/index';
import type { z } from 'zod';
import type {
  createPartTimeRequestSchema,
  PartTime,
  updatePartTimeRequestSchema,
} from '../../shared/api/caseworkSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { appendServerEvents, type ServerEventInput } from '../register/serverEvents';
import { lockSchoolLog } from '../register/syncHead';
import { pupilYearGroupOn } from '../school/pupilYearGroup';
import type { CaseworkContext } from './caseService';

export interface PartTimeContext extends CaseworkContext {
  readonly staffName: string;
  readonly roles: readonly Role[];
}

function actorOf(ctx: PartTimeContext): MarkActor {
  const role = [...ctx.roles].sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])[0];
  if (role === undefined) throw new ApiError('forbidden');
  return { staffId: ctx.staffId, name: ctx.staffName, role };
}

interface TimetableRow {
  id: string;
  pupil_id: string;
  display_name: string;
  attends: WeeklySession[];
  starts_on: string;
  review_on: string;
  ends_on: string;
  ended_early_on: string | null;
  agreement: string;
  agreed_on: string;
  la_notified_on: string | null;
  off_sessions: number;
}

const SELECT = `
  SELECT t.id, t.pupil_id,
         coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
           coalesce(p.preferred_surname, p.legal_surname) AS display_name,
         t.attends, to_char(t.starts_on, 'YYYY-MM-DD') AS starts_on,
         to_char(t.review_on, 'YYYY-MM-DD') AS review_on, to_char(t.ends_on, 'YYYY-MM-DD') AS ends_on,
         to_char(t.ended_early_on, 'YYYY-MM-DD') AS ended_early_on, t.agreement,
         to_char(t.agreed_on, 'YYYY-MM-DD') AS agreed_on,
         to_char(t.la_notified_on, 'YYYY-MM-DD') AS la_notified_on,
         (SELECT count(*)::int FROM part_time_session s
           WHERE s.timetable_id = t.id AND s.withdrawn_event_id IS NULL) AS off_sessions
    FROM part_time_timetable t JOIN pupil p ON p.id = t.pupil_id`;

function toTimetable(r: TimetableRow, today: LocalDate): PartTime {
  return {
    id: r.id,
    pupil: { id: r.pupil_id, displayName: r.display_name },
    attends: r.attends,
    startsOn: r.starts_on,
    reviewOn: r.review_on,
    endsOn: r.ends_on,
    endedEarlyOn: r.ended_early_on,
    agreement: r.agreement,
    agreedOn: r.agreed_on,
    laNotifiedOn: r.la_notified_on,
    reviewDue: partTimeReviewDue(
      { reviewOn: localDate(r.review_on), endsOn: localDate(r.ends_on) },
      today,
    ),
    offSessions: r.off_sessions,
  };
}

/** The school's timetables, latest start first: the list the local authority asks for. */
export async function loadTimetables(
  db: Queryable,
  schoolId: string,
  today: LocalDate,
  id?: string,
): Promise<PartTime[]> {
  const { rows } = await db.query<TimetableRow>(
    `${SELECT} WHERE t.school_id = $1 ${id === undefined ? '' : 'AND t.id = $2'}
      ORDER BY t.starts_on DESC, display_name, t.id`,
    id === undefined ? [schoolId] : [schoolId, id],
  );
  return rows.map((r) => toTimetable(r, today));
}

async function loadOne(db: Queryable, schoolId: string, today: LocalDate, id: string) {
  const [found] = await loadTimetables(db, schoolId, today, id);
  if (found === undefined) {
    throw new ApiError('not_found', {
      message: 'This school has no part-time timetable with that id.',
    });
  }
  return found;
}

export async function createPartTime(
  db: Database,
  ctx: PartTimeContext,
  pupilId: string,
  input: z.output<typeof createPartTimeRequestSchema>,
): Promise<{
  timetable: PartTime;
  preEntered: { applied: number; unchanged: number; conflict: number };
}> {
  const plan = {
    attends: input.attends,
    startsOn: localDate(input.startsOn),
    reviewOn: localDate(input.reviewOn),
    endsOn: localDate(input.endsOn),
  };
  const problems = partTimeProblems(plan);
  if (problems.length > 0) throw new ApiError('invalid_request', { message: problems.join(' ') });
  const actor = actorOf(ctx);
  const id = randomUUID();
  const preEntered = { applied: 0, unchanged: 0, conflict: 0 };
  await db.transaction(async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2', [
      pupilId,
      ctx.schoolId,
    ]);
    if (rows.length === 0) throw new ApiError('not_found', { message: 'No such pupil here.' });
    await tx.query(
      `INSERT INTO part_time_timetable (id, school_id, pupil_id, attends, starts_on, review_on, ends_on,
              agreement, agreed_on, la_notified_on, created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $12)`,
      [
        id,
        ctx.schoolId,
        pupilId,
        JSON.stringify(plan.attends),
        plan.startsOn,
        plan.reviewOn,
        plan.endsOn,
        input.agreement,
        input.agreedOn,
        input.laNotifiedOn ?? null,
        ctx.staffId,
        ctx.now,
      ],
    );
    const sessions = offSessions(
      ctx.school,
      plan,
      {},
      await pupilYearGroupOn(tx, pupilId, plan.startsOn),
    );
    const reason = `Part-time timetable agreed on ${longDate(localDate(input.agreedOn))}: not timetabled for this session.`;
    const events: ServerEventInput[] = sessions.map((s) => ({
      eventId: randomUUID(),
      pupilId,
      session: s,
      code: PART_TIME_CODE,
      minutesLate: null,
      arrivedAt: null,
      reason,
      baseEventId: null,
      actor,
      deviceId: null,
      recordedAt: ctx.now.toISOString(),
    }));
    const appended = await appendServerEvents(tx, { schoolId: ctx.schoolId, now: ctx.now, events });
    for (const e of appended) {
      if (e.status === 'applied') preEntered.applied += 1;
      else if (e.status === 'duplicate_value') preEntered.unchanged += 1;
      else preEntered.conflict += 1;
    }
    if (events.length > 0) {
      await tx.query(
        `INSERT INTO part_time_session (timetable_id, session_date, session_part, event_id)
         SELECT $1, * FROM unnest($2::date[], $3::text[], $4::uuid[])`,
        [
          id,
          events.map((e) => e.session.date),
          events.map((e) => e.session.part),
          events.map((e) => e.eventId),
        ],
      );
    }
  });
  return { timetable: await loadOne(db, ctx.schoolId, ctx.today, id), preEntered };
}

/**
 * Changes the review day or the day the local authority was told, or ends the timetable early on
 * `endOn`: its off sessions after both today and `endOn` are withdrawn where the timetable's `C2`
 * is still the entry (an entry changed since is left and counted).
 */
export async function updatePartTime(
  db: Database,
  ctx: PartTimeContext,
  id: string,
  input: z.output<typeof updatePartTimeRequestSchema>,
): Promise<{ timetable: PartTime; withdrawn?: { withdrawn: number; leftChanged: number } }> {
  const before = await loadOne(db, ctx.schoolId, ctx.today, id);
  let withdrawn: { withdrawn: number; leftChanged: number } | undefined;
  await db.transaction(async (tx) => {
    const sets = ['updated_by = $3', 'updated_at = $4'];
    const params: unknown[] = [id, ctx.schoolId, ctx.staffId, ctx.now];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (input.reviewOn !== undefined) set('review_on', input.reviewOn);
    if (input.laNotifiedOn !== undefined) set('la_notified_on', input.laNotifiedOn);
    if (input.endOn !== undefined) {
      const endOn = localDate(input.endOn);
      if (endOn >= localDate(before.endsOn) || endOn < localDate(before.startsOn)) {
        throw new ApiError('invalid_request', {
          message: `To end the timetable early, give a last day from ${longDate(localDate(before.startsOn))} to before ${longDate(localDate(before.endsOn))}.`,
        });
      }
      set('ends_on', endOn);
      set('ended_early_on', ctx.today);
      // A review after the new last day cannot happen: it moves to that day.
      sets.push(`review_on = LEAST(review_on, $${params.push(endOn)}::date)`);
      await lockSchoolLog(tx, ctx.schoolId);
      const after = maxDate(endOn, ctx.today);
      const { rows } = await tx.query<{
        session_date: LocalDate;
        session_part: SessionPart;
        event_id: string;
        head_event_id: string | null;
      }>(
        `SELECT s.session_date, s.session_part, s.event_id, e.head_event_id
           FROM part_time_session s
           JOIN part_time_timetable t ON t.id = s.timetable_id
           LEFT JOIN register_entry e ON e.school_id = t.school_id AND e.pupil_id = t.pupil_id
                 AND e.session_date = s.session_date AND e.session_part = s.session_part
          WHERE s.timetable_id = $1 AND s.session_date > $2 AND s.withdrawn_event_id IS NULL
          ORDER BY s.session_date, s.session_part`,
        [id, after],
      );
      const actor = actorOf(ctx);
      const reason = `Part-time timetable ended early: its last day is ${longDate(endOn)}.`;
      const mine = rows.filter((r) => r.head_event_id === r.event_id);
      const events: ServerEventInput[] = mine.map((r) => ({
        kind: 'withdrawn',
        eventId: randomUUID(),
        pupilId: before.pupil.id,
        session: { date: r.session_date, part: r.session_part },
        code: PART_TIME_CODE,
        minutesLate: null,
        arrivedAt: null,
        reason,
        baseEventId: r.event_id,
        actor,
        deviceId: null,
        recordedAt: ctx.now.toISOString(),
      }));
      await appendServerEvents(tx, { schoolId: ctx.schoolId, now: ctx.now, events });
      if (events.length > 0) {
        await tx.query(
          `UPDATE part_time_session s SET withdrawn_event_id = u.withdrawn
             FROM unnest($2::date[], $3::text[], $4::uuid[]) AS u(d, p, withdrawn)
            WHERE s.timetable_id = $1 AND s.session_date = u.d AND s.session_part = u.p`,
          [
            id,
            events.map((e) => e.session.date),
            events.map((e) => e.session.part),
            events.map((e) => e.eventId),
          ],
        );
      }
      withdrawn = { withdrawn: events.length, leftChanged: rows.length - mine.length };
    }
    await tx.query(
      `UPDATE part_time_timetable SET ${sets.join(', ')} WHERE id = $1 AND school_id = $2`,
      params,
    );
  });
  const timetable = await loadOne(db, ctx.schoolId, ctx.today, id);
  return withdrawn === undefined ? { timetable } : { timetable, withdrawn };
}
