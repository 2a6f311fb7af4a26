/**
 * A pupil's attendance certificate: the figures parents are given, for any range. The
 * counts are SQL aggregates by code; the rates, status and time missed are the domain's.
 */
import {
  absenceStatus,
  CODES_2006,
  CODES_2024,
  eachDay,
  isoWeekday,
  mondayOf,
  sessionOf,
  timeMissed,
} from '../../domain/index';
import type { LocalDate, SchoolConfig, SessionPart } from '../../domain/index';
import type { AbsenceReason, CertificateResponse, StripWeek } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { CodeCountRow } from './reportSql';
import { CODE_COUNT_COLUMNS, entryWithCategory, statsOfCodeRows } from './reportSql';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';

export interface ReportSchool {
  readonly id: string;
  readonly name: string;
  readonly config: SchoolConfig;
}

const meaningOf = (code: string, codeSet: string): string =>
  (codeSet === '2006' ? CODES_2006 : CODES_2024).find((c) => c.code === code)?.meaning ?? code;

/** Time missed as parents read it (seed 002), in the domain's own words. */
export function timeMissedOf(overallAbsence: number, schoolDayHours: number) {
  const missed = timeMissed({ overallAbsence }, schoolDayHours);
  return {
    ...missed,
    phrase: missed.weeksText === null ? missed.text : `${missed.text} — ${missed.weeksText}`,
  };
}

interface EntryRow {
  session_date: LocalDate;
  session_part: SessionPart;
  code: string;
  minutes_late: number | null;
}

function strip(
  school: SchoolConfig,
  pupil: PupilInfo,
  range: ReportRange,
  entries: readonly EntryRow[],
): StripWeek[] {
  const byKey = new Map(entries.map((e) => [`${e.session_date}:${e.session_part}`, e]));
  const yearGroup = pupil.yearGroup ?? undefined;
  const weeks = new Map<LocalDate, StripWeek['days']>();
  for (const date of eachDay(range.from, range.to)) {
    const hasEntry = byKey.has(`${date}:AM`) || byKey.has(`${date}:PM`);
    if (isoWeekday(date) > 5 && !hasEntry) continue;
    const slot = (part: SessionPart) => {
      const entry = byKey.get(`${date}:${part}`);
      return {
        code: entry?.code ?? null,
        minutesLate: entry?.minutes_late ?? null,
        open: sessionOf(school, { date, part }, yearGroup) === 'open',
      };
    };
    const day = { date, AM: slot('AM'), PM: slot('PM') };
    const week = mondayOf(date);
    const days = weeks.get(week) ?? [];
    days.push(day);
    weeks.set(week, days);
  }
  return [...weeks]
    .filter(([, days]) =>
      days.some((d) => d.AM.open || d.PM.open || d.AM.code !== null || d.PM.code !== null),
    )
    .map(([weekStart, days]) => ({ weekStart, days }));
}

export async function buildCertificate(
  db: Queryable,
  school: ReportSchool,
  pupil: PupilInfo,
  range: ReportRange,
): Promise<CertificateResponse> {
  const params = [school.id, pupil.id, range.from, range.to];
  const codes = await db.query<CodeCountRow & { code_set: string }>(
    `SELECT ${CODE_COUNT_COLUMNS}, c.code_set
       FROM ${entryWithCategory(range.from, range.to)}
      WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.session_date BETWEEN $3 AND $4
      GROUP BY e.code, c.code_set, c.category, c.possible`,
    params,
  );
  const entries = await db.query<EntryRow>(
    `SELECT session_date, session_part, code, minutes_late FROM register_entry
      WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4`,
    params,
  );
  const stats = statsOfCodeRows(codes.rows);
  // One row per code and category: a range across 19 August 2024 holds both code sets, and
  // parents read "G" once. The newer set's meaning names it.
  const reasons = new Map<string, AbsenceReason>();
  for (const r of codes.rows) {
    if (r.category !== 'AUTH' && r.category !== 'UNAUTH') continue;
    const key = `${r.category}:${r.code}`;
    const sessions = Number(r.sessions) + (reasons.get(key)?.sessions ?? 0);
    const meaning =
      r.code_set === '2024' || !reasons.has(key)
        ? meaningOf(r.code, r.code_set)
        : (reasons.get(key)?.meaning ?? r.code);
    reasons.set(key, {
      code: r.code,
      meaning,
      category: r.category,
      sessions,
      percent: stats.possible === 0 ? null : (100 * sessions) / stats.possible,
    });
  }
  const absenceByReason = [...reasons.values()].sort(
    (a, b) => b.sessions - a.sessions || a.code.localeCompare(b.code),
  );
  return {
    school: { id: school.id, name: school.name },
    pupil: reportPupil(pupil),
    range,
    stats,
    absenceByReason,
    timeMissed: timeMissedOf(stats.overallAbsence, school.config.schoolDayHours),
    status: absenceStatus(stats, school.config.thresholds),
    targetPercent: school.config.thresholds.attendanceTargetPercent,
    weeks: strip(school.config, pupil, range, entries.rows),
  };
}
