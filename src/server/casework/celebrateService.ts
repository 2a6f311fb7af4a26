/**
 * Celebrating attendance (docs/design.md §8.10): certificates for every pupil on roll at or above
 * the school's certificate rates over a period, and the classes of a school week ranked. Figures
 * are the domain's statistics over the current register (`register_entry`); the rates and the
 * ranking are the domain's rules (src/domain/casework/celebrate.ts). Nothing here writes.
 */
import {
  addDays,
  certificateAwards,
  certificatePercentText,
  computeStats,
  localDate,
  longDate,
  mondayOf,
  rankClasses,
  type LocalDate,
  type SchoolConfig,
  type SessionPart,
  type StatEntry,
} from '../../domain/index';
import type {
  BestClassResponse,
  CertificatesResponse,
} from '../../shared/api/caseworkImpactSchemas';
import type { Queryable } from '../db/database';
import { certificatesPdf } from '../mail/certificatePdf';
import { loadEntriesBetween } from './impactService';

export interface CelebrateContext {
  readonly schoolId: string;
  readonly schoolName: string;
  readonly school: SchoolConfig;
  readonly today: LocalDate;
}

interface RollPupil {
  readonly id: string;
  readonly displayName: string;
  readonly groupName: string | null;
}

/** Pupils on roll on `day` (of one group on that day, when asked), by class then name. */
async function pupilsOnRoll(
  db: Queryable,
  schoolId: string,
  day: LocalDate,
  groupId: string | undefined,
): Promise<RollPupil[]> {
  const { rows } = await db.query<{ id: string; display_name: string; group_name: string | null }>(
    `SELECT p.id, coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
                  coalesce(p.preferred_surname, p.legal_surname) AS display_name,
            g.name AS group_name
       FROM pupil p
       LEFT JOIN LATERAL (
         SELECT sg.id, sg.name FROM group_membership m JOIN school_group sg ON sg.id = m.group_id
          WHERE m.pupil_id = p.id AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $2)
          ORDER BY m.from_date DESC LIMIT 1
       ) g ON true
      WHERE p.school_id = $1 AND p.on_roll_from <= $2 AND (p.on_roll_to IS NULL OR p.on_roll_to >= $2)
        AND ($3::uuid IS NULL OR g.id = $3::uuid)
      ORDER BY g.name NULLS LAST, coalesce(p.preferred_surname, p.legal_surname),
               coalesce(p.preferred_forename, p.legal_forename), p.id`,
    [schoolId, day, groupId ?? null],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, groupName: r.group_name }));
}

/** Every pupil on roll on the period's last day who reaches one of the school's rates. */
export async function certificatesFor(
  db: Queryable,
  ctx: CelebrateContext,
  query: { from: LocalDate; to: LocalDate; groupId?: string | undefined },
): Promise<CertificatesResponse> {
  const to = query.to < ctx.today ? query.to : ctx.today;
  const percents = [...ctx.school.thresholds.certificatePercents];
  const pupils = query.from <= to ? await pupilsOnRoll(db, ctx.schoolId, to, query.groupId) : [];
  const entries = await loadEntriesBetween(
    db,
    ctx.schoolId,
    pupils.map((p) => p.id),
    query.from,
    to,
  );
  const awards = certificateAwards(
    pupils.map((pupil) => ({ pupil, counts: computeStats(entries.get(pupil.id) ?? []) })),
    percents,
  );
  return {
    from: query.from,
    to,
    percents,
    awards: awards.map((a) => ({
      pupil: a.pupil,
      level: a.level,
      attended: a.attended,
      possible: a.possible,
      attendancePercent: a.attendancePercent,
    })),
  };
}

const sessions = (n: number) => `${n} ${n === 1 ? 'session' : 'sessions'}`;

/** The certificates as one PDF, one page per pupil, in the words parents read. */
export async function certificatesDocument(
  ctx: CelebrateContext,
  found: CertificatesResponse,
): Promise<Uint8Array<ArrayBuffer>> {
  const period = `from ${longDate(localDate(found.from))} to ${longDate(localDate(found.to))}`;
  return certificatesPdf({
    schoolName: ctx.schoolName,
    presented: `Presented on ${longDate(ctx.today)}`,
    title: `Attendance certificates, ${period}`,
    nobody: `No pupil reached ${found.percents.map((p) => `${p} %`).join(' or ')} attendance ${period}.`,
    pages: found.awards.map((a) => ({
      heading: `Certificate of ${a.level} % attendance`,
      pupilName: a.pupil.displayName,
      groupName: a.pupil.groupName,
      citation:
        a.level === 100
          ? `for attending every school session ${period}`
          : `for attending at least ${a.level} % of school sessions ${period}`,
      figures: `${a.attended} of ${sessions(a.possible)} attended (${certificatePercentText(a)})`,
    })),
  });
}

/**
 * The classes of the school week holding `day`, ranked (Monday to Sunday, up to today). Each
 * session counts for the class the pupil was in that day (the latest joined, if two).
 */
export async function bestClassOf(
  db: Queryable,
  ctx: CelebrateContext,
  day: LocalDate,
): Promise<BestClassResponse> {
  const from = mondayOf(day);
  const sunday = addDays(from, 6);
  const to = sunday < ctx.today ? sunday : ctx.today;
  const { rows: groups } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM school_group WHERE school_id = $1 ORDER BY name, id',
    [ctx.schoolId],
  );
  const { rows } = await db.query<{
    group_id: string;
    pupil_id: string;
    session_date: string;
    session_part: SessionPart;
    code: string;
  }>(
    `SELECT DISTINCT ON (e.pupil_id, e.session_date, e.session_part)
            m.group_id, e.pupil_id, to_char(e.session_date, 'YYYY-MM-DD') AS session_date,
            e.session_part, e.code
       FROM register_entry e
       JOIN group_membership m ON m.pupil_id = e.pupil_id AND m.from_date <= e.session_date
                              AND (m.to_date IS NULL OR m.to_date >= e.session_date)
      WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
      ORDER BY e.pupil_id, e.session_date, e.session_part, m.from_date DESC`,
    [ctx.schoolId, from, to],
  );
  const byGroup = new Map<string, StatEntry[]>();
  for (const r of rows) {
    const list = byGroup.get(r.group_id) ?? [];
    list.push({
      pupilId: r.pupil_id,
      date: localDate(r.session_date),
      part: r.session_part,
      code: r.code,
    });
    byGroup.set(r.group_id, list);
  }
  const ranked = rankClasses(
    groups.map((group) => ({ group, counts: computeStats(byGroup.get(group.id) ?? []) })),
  );
  return {
    week: { from, to: sunday },
    best: [...ranked.best],
    ranking: [...ranked.ranking],
    unranked: [...ranked.unranked],
  };
}
