/**
 * The local authority's lists (docs/statutory.md, "Local authority"), built from the admission
 * register, the register's current entries and casework's part-time timetables (read here by
 * SQL: feature rooms never import each other), with the domain's rules deciding what is due and
 * when; and the record of each list sent.
 */
import { randomUUID } from 'node:crypto';
import {
  admissionNotice,
  CONTINUOUS_ABSENCE_SESSIONS,
  deletionGroundLabel,
  deletionNotice,
  isDeletionGround,
  isYearGroup,
  LA_LIST_TITLES,
  missingReasonOf,
  MISSING_REASON_TEXT,
  unauthorisedRuns,
  unauthorisedSessions,
  yearGroupSpan,
  type DeletionGround,
  type LaList,
  type LaRollPupil,
  type LocalDate,
  type Role,
  type SchoolConfig,
  type StatEntry,
  type YearGroup,
} from '../../domain/index';
import type {
  LaListResponse,
  LaRow,
  LaSentRecord,
  LaSentRequest,
} from '../../shared/api/statutorySchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadEntriesByPupil } from './statutoryEntries';

interface LaPupil extends LaRollPupil {
  readonly upn: string | null;
  readonly name: string;
  readonly dateOfBirth: LocalDate;
}

const ukDate = (d: LocalDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

async function loadPupils(db: Queryable, schoolId: string): Promise<LaPupil[]> {
  const { rows } = await db.query<{
    id: string;
    upn: string | null;
    name: string;
    date_of_birth: LocalDate;
    on_roll_from: LocalDate;
    on_roll_to: LocalDate | null;
    leaving_grounds: string | null;
    year_group: string | null;
  }>(
    `SELECT p.id, p.upn, p.legal_forename || ' ' || p.legal_surname AS name, p.date_of_birth,
            p.on_roll_from, p.on_roll_to, p.leaving_grounds,
            (SELECT g.year_group FROM group_membership m JOIN school_group g ON g.id = m.group_id
              WHERE m.pupil_id = p.id ORDER BY m.from_date DESC LIMIT 1) AS year_group
       FROM pupil p
      WHERE p.school_id = $1
      ORDER BY p.legal_surname, p.legal_forename, p.id`,
    [schoolId],
  );
  return rows.map((r) => ({
    id: r.id,
    upn: r.upn,
    name: r.name,
    dateOfBirth: r.date_of_birth,
    onRollFrom: r.on_roll_from,
    onRollTo: r.on_roll_to,
    leavingGrounds:
      r.leaving_grounds !== null && isDeletionGround(r.leaving_grounds) ? r.leaving_grounds : null,
    yearGroup: r.year_group !== null && isYearGroup(r.year_group) ? r.year_group : null,
  }));
}

async function loadYearGroups(db: Queryable, schoolId: string): Promise<YearGroup[]> {
  const { rows } = await db.query<{ year_group: string }>(
    'SELECT DISTINCT year_group FROM school_group WHERE school_id = $1 AND year_group IS NOT NULL',
    [schoolId],
  );
  return rows.map((r) => r.year_group).filter(isYearGroup);
}

interface SentRow {
  id: string;
  period_from: LocalDate;
  period_to: LocalDate;
  pupil_count: number;
  sent_at: Date;
  sent_by: string;
  sent_by_name: string;
  sent_by_role: Role;
  sent_to: string;
  note: string | null;
}

const SENT_COLUMNS = `id, period_from, period_to, cardinality(pupil_ids)::int AS pupil_count, sent_at,
  sent_by, sent_by_name, sent_by_role, sent_to, note`;

function sentRecord(r: SentRow): LaSentRecord {
  return {
    id: r.id,
    from: r.period_from,
    to: r.period_to,
    pupilCount: r.pupil_count,
    sentAt: r.sent_at.toISOString(),
    sentBy: { id: r.sent_by, name: r.sent_by_name, role: r.sent_by_role },
    sentTo: r.sent_to,
    note: r.note,
  };
}

type RowDraft = Omit<LaRow, 'lastSentAt' | 'upn' | 'name' | 'dateOfBirth' | 'yearGroup'>;

/** One of the authority's lists over `from`…`to`, with when each pupil was last sent on it. */
export async function loadLaList(
  db: Queryable,
  schoolId: string,
  school: SchoolConfig,
  list: LaList,
  range: { from: LocalDate; to: LocalDate },
): Promise<LaListResponse> {
  const pupils = await loadPupils(db, schoolId);
  const byId = new Map(pupils.map((p) => [p.id, p]));
  const drafts: RowDraft[] = [];
  const notRequired: LaListResponse['notRequired'] = [];
  const inRange = (d: LocalDate | null): d is LocalDate =>
    d !== null && range.from <= d && d <= range.to;
  const base = {
    dueBy: null,
    dueByIsEstimate: false,
    grounds: null,
    sessions: null,
  } as const;
  const groundsText = (g: DeletionGround | null) =>
    g === null
      ? 'Ground not recorded: record it in Admin, Admission register, before sending'
      : deletionGroundLabel(g);

  if (list === 'admissions' || list === 'deletions') {
    const span = yearGroupSpan(await loadYearGroups(db, schoolId));
    for (const p of pupils) {
      if (list === 'admissions' && inRange(p.onRollFrom)) {
        const notice = admissionNotice(p, school, span);
        if (!notice.required) notRequired.push({ pupilId: p.id, name: p.name, why: notice.why });
        else
          drafts.push({
            ...base,
            pupilId: p.id,
            date: p.onRollFrom,
            dueBy: notice.dueBy,
            dueByIsEstimate: notice.isEstimate,
            detail: `Admitted ${ukDate(p.onRollFrom)}`,
          });
      }
      if (list === 'deletions' && inRange(p.onRollTo)) {
        const notice = deletionNotice(p, school, span);
        if (notice === null) continue;
        if (!notice.required) notRequired.push({ pupilId: p.id, name: p.name, why: notice.why });
        else
          drafts.push({
            ...base,
            pupilId: p.id,
            date: p.onRollTo,
            dueBy: notice.dueBy,
            grounds: p.leavingGrounds,
            detail: groundsText(p.leavingGrounds),
          });
      }
    }
  } else if (list === 'unauthorised' || list === 'continuous' || list === 'missing') {
    const entries = await loadEntriesByPupil(db, schoolId, range.from, range.to);
    const limit = school.thresholds.localAuthority.unauthorisedSessions;
    for (const p of pupils) {
      const own = entries.get(p.id) ?? [];
      if (list === 'unauthorised') {
        const n = unauthorisedSessions(own);
        if (n >= limit)
          drafts.push({
            ...base,
            pupilId: p.id,
            date: reachedOn(own, limit) ?? range.to,
            sessions: n,
            detail: `${n} unauthorised sessions (${n / 2} school days), consecutive or not`,
          });
        continue;
      }
      const runs = unauthorisedRuns(own, CONTINUOUS_ABSENCE_SESSIONS);
      if (list === 'continuous') {
        for (const run of runs)
          drafts.push({
            ...base,
            pupilId: p.id,
            date: run.from.date,
            sessions: run.sessions,
            detail: `${run.sessions} sessions in a row from ${ukDate(run.from.date)} ${run.from.part} to ${ukDate(run.to.date)} ${run.to.part}${run.ongoing ? ', not back since' : ''}`,
          });
        continue;
      }
      const deletedInRange = inRange(p.onRollTo);
      if (p.onRollTo !== null && !deletedInRange) continue;
      const reason = missingReasonOf(p, runs);
      if (reason === null) continue;
      drafts.push({
        ...base,
        pupilId: p.id,
        date: p.onRollTo ?? runs.find((r) => r.ongoing)?.from.date ?? range.to,
        grounds: p.leavingGrounds,
        sessions: runs.find((r) => r.ongoing)?.sessions ?? null,
        detail: MISSING_REASON_TEXT[reason],
      });
    }
  } else {
    const { rows } = await db.query<{
      pupil_id: string;
      starts_on: LocalDate;
      ends_on: LocalDate;
      review_on: LocalDate;
      la_notified_on: LocalDate | null;
    }>(
      `SELECT pupil_id, starts_on, ends_on, review_on, la_notified_on FROM part_time_timetable
        WHERE school_id = $1 AND starts_on <= $3 AND ends_on >= $2
        ORDER BY starts_on, id`,
      [schoolId, range.from, range.to],
    );
    for (const r of rows) {
      drafts.push({
        ...base,
        pupilId: r.pupil_id,
        date: r.starts_on,
        detail: `Part-time from ${ukDate(r.starts_on)} to ${ukDate(r.ends_on)}, review ${ukDate(r.review_on)}; ${
          r.la_notified_on === null
            ? 'the authority has not been told yet'
            : `the authority was told on ${ukDate(r.la_notified_on)}`
        }`,
      });
    }
  }

  const { rows: lastSent } = await db.query<{ pupil_id: string; sent_at: Date }>(
    `SELECT pupil_id, max(sent_at) AS sent_at
       FROM la_return_sent, unnest(pupil_ids) AS pupil_id
      WHERE school_id = $1 AND list = $2
      GROUP BY pupil_id`,
    [schoolId, list],
  );
  const lastSentOf = new Map(lastSent.map((r) => [r.pupil_id, r.sent_at.toISOString()]));
  const { rows: sent } = await db.query<SentRow>(
    `SELECT ${SENT_COLUMNS} FROM la_return_sent WHERE school_id = $1 AND list = $2
      ORDER BY sent_at DESC, id LIMIT 50`,
    [schoolId, list],
  );
  const rows: LaRow[] = [];
  for (const d of drafts) {
    const p = byId.get(d.pupilId);
    if (p === undefined) continue;
    rows.push({
      ...d,
      upn: p.upn,
      name: p.name,
      dateOfBirth: p.dateOfBirth,
      yearGroup: p.yearGroup,
      lastSentAt: lastSentOf.get(p.id) ?? null,
    });
  }
  return {
    list,
    title: LA_LIST_TITLES[list],
    from: range.from,
    to: range.to,
    rows,
    notRequired,
    sent: sent.map(sentRecord),
  };
}

/** The day of the session that brought the pupil's unauthorised absence to `limit`. */
function reachedOn(entries: readonly StatEntry[], limit: number): LocalDate | null {
  const unauth = [...entries]
    .filter((e) => unauthorisedSessions([e]) === 1)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.part === 'AM' ? -1 : 1));
  return unauth[limit - 1]?.date ?? null;
}

/** Records that a list was sent: who (name and role as they are now), when, where, which pupils. */
export async function recordLaSent(
  db: Queryable,
  input: {
    schoolId: string;
    list: LaList;
    request: LaSentRequest;
    staff: { id: string; name: string };
    role: Role;
    now: Date;
  },
): Promise<LaSentRecord> {
  const { request } = input;
  if (request.from > request.to)
    throw new ApiError('invalid_request', {
      message: 'The list’s last day comes before its first: swap "from" and "to".',
    });
  const ids = [...new Set(request.pupilIds)];
  if (ids.length > 0) {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1 AND id = ANY($2::uuid[])',
      [input.schoolId, ids],
    );
    if ((rows[0]?.n ?? 0) !== ids.length)
      throw new ApiError('not_found', {
        message:
          'Some of the pupils are not pupils of this school. Reload the list and record it again.',
      });
  }
  const { rows } = await db.query<SentRow>(
    `INSERT INTO la_return_sent (id, school_id, list, period_from, period_to, pupil_ids, sent_to, note,
        sent_at, sent_by, sent_by_name, sent_by_role)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $12)
     RETURNING ${SENT_COLUMNS}`,
    [
      randomUUID(),
      input.schoolId,
      input.list,
      request.from,
      request.to,
      ids,
      request.sentTo,
      request.note === undefined || request.note === '' ? null : request.note,
      input.now,
      input.staff.id,
      input.staff.name,
      input.role,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT … RETURNING gave no row');
  return sentRecord(row);
}
