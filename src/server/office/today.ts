/**
 * The office's "today" board: for one session, every group's register — taken, partly taken or not
 * taken, whether it has closed, the counts, who took it and when it last synced.
 */
import {
  schoolInstant,
  sessionOf,
  sessionTimesFor,
  formatWallTime,
  type LocalDate,
  type SessionPart,
  type YearGroup,
} from '../../domain/index';
import type {
  OfficeActor,
  RegisterStatus,
  TodayCounts,
  TodayGroup,
  TodayResponse,
} from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { entriesOn } from './currentEntries';
import { codeGroupOf, compareText, loadSchoolConfig, pupilsOnRoll } from './officeSupport';

const ZERO: TodayCounts = {
  onRoll: 0,
  present: 0,
  late: 0,
  lateAfterClose: 0,
  absent: 0,
  reasonNotEstablished: 0,
  offSiteEducation: 0,
  notRequired: 0,
  unmarked: 0,
};

function addCounts(a: TodayCounts, b: TodayCounts): TodayCounts {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof TodayCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

function statusOf(counts: TodayCounts): RegisterStatus {
  const marked = counts.onRoll - counts.unmarked;
  if (counts.onRoll > 0 && counts.unmarked === 0) return 'taken';
  return marked > 0 ? 'partly_taken' : 'not_taken';
}

interface AuthorRow {
  pupil_id: string;
  actor_staff_id: string;
  actor_name: string;
  actor_role: OfficeActor['role'];
  received_at: Date;
}

export async function todayBoard(
  db: Queryable,
  schoolId: string,
  session: { date: LocalDate; part: SessionPart },
  now: Date,
): Promise<TodayResponse> {
  const school = await loadSchoolConfig(db, schoolId, session.date);
  const pupils = await pupilsOnRoll(db, schoolId, session.date);
  const entries = new Map(
    (await entriesOn(db, schoolId, session.date, session.part)).map((e) => [e.pupilId, e]),
  );
  const { rows: authors } = await db.query<AuthorRow>(
    `SELECT pupil_id, actor_staff_id, actor_name, actor_role, received_at FROM mark_event
      WHERE school_id = $1 AND session_date = $2 AND session_part = $3 AND status <> 'rejected'
      ORDER BY server_seq`,
    [schoolId, session.date, session.part],
  );
  const groupOf = new Map(pupils.map((p) => [p.id, p.groupId]));

  const { rows: groupRows } = await db.query<{ id: string; name: string; year_group: YearGroup }>(
    `SELECT id, name, year_group FROM school_group WHERE school_id = $1`,
    [schoolId],
  );
  const groups: TodayGroup[] = groupRows
    .sort((a, b) => compareText(a.name, b.name))
    .map((g) => {
      const group = { id: g.id, yearGroup: g.year_group };
      const times = sessionTimesFor(school, group, session.part);
      const closesAt = schoolInstant(session.date, times.registerCloses, school.timeZone);
      const members = pupils.filter((p) => p.groupId === g.id);
      const counts: { -readonly [K in keyof TodayCounts]: number } = { ...ZERO };
      counts.onRoll = members.length;
      for (const pupil of members) {
        const entry = entries.get(pupil.id);
        if (entry === undefined) {
          counts.unmarked += 1;
          continue;
        }
        const kind = codeGroupOf(entry.code, session.date);
        if (kind === 'present') counts.present += 1;
        else if (kind === 'late') counts.late += 1;
        else if (kind === 'late_after_close') counts.lateAfterClose += 1;
        else if (kind === 'off_site_education') counts.offSiteEducation += 1;
        else if (kind === 'not_required') counts.notRequired += 1;
        else {
          counts.absent += 1;
          if (entry.code === 'N') counts.reasonNotEstablished += 1;
        }
      }
      const takenBy: OfficeActor[] = [];
      let lastSynced: Date | null = null;
      for (const row of authors) {
        if (groupOf.get(row.pupil_id) !== g.id) continue;
        if (!takenBy.some((a) => a.staffId === row.actor_staff_id)) {
          takenBy.push({ staffId: row.actor_staff_id, name: row.actor_name, role: row.actor_role });
        }
        if (lastSynced === null || row.received_at > lastSynced) lastSynced = row.received_at;
      }
      const open = sessionOf(school, session, group.yearGroup) === 'open';
      return {
        groupId: g.id,
        groupName: g.name,
        yearGroup: g.year_group,
        status: open ? statusOf(counts) : 'no_session',
        registerCloses: formatWallTime(times.registerCloses),
        registerClosed: now.getTime() >= closesAt.getTime(),
        counts,
        takenBy,
        lastSyncedAt: lastSynced === null ? null : lastSynced.toISOString(),
      };
    });
  return {
    date: session.date,
    part: session.part,
    serverTime: now.toISOString(),
    groups,
    totals: groups.reduce((sum, g) => addCounts(sum, g.counts), ZERO),
  };
}
