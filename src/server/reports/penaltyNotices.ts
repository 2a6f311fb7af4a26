/**
 * The penalty-notice threshold list (docs/design.md §8.6): SQL fetches each pupil's `G`, `O`, `U`
 * (the codes marked `penalty_notice` in `code_category`) and `N` entries in the range; the domain's
 * `penaltyNoticeStatus` finds the worst rolling window of school weeks.
 *
 * Penalty notices are for pupils of compulsory school age (docs/design.md §8.5): a pupil's sessions are
 * judged from the day it began to the school leaving date (`isOfCompulsorySchoolAge`, from their
 * date of birth). Sessions before it began or after the leaving date are judged apart and listed
 * in `outsideCompulsorySchoolAge`.
 *
 * The window may span schools: a joining pupil's sessions at their previous school (from the CTF
 * the school imported, `prior_school_session`) count with this school's, through the domain's
 * `penaltyNoticeAcrossSchools`. Only this rule reads that history; no figure of this school does.
 */
import { isOfCompulsorySchoolAge, penaltyNoticeAcrossSchools } from '../../domain/index';
import type { LocalDate, SessionPart, StatEntry } from '../../domain/index';
import type { PenaltyNoticeResponse, PenaltyNoticeRow } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';
import { entryWithCategory } from './reportSql';

const mark = (e: StatEntry) => ({ date: e.date, part: e.part, code: e.code });

export async function buildPenaltyNotices(
  db: Queryable,
  school: ReportSchool,
  pupils: readonly PupilInfo[],
  narrowed: boolean,
  range: ReportRange,
): Promise<PenaltyNoticeResponse> {
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
  }>(
    `SELECT e.pupil_id, e.session_date, e.session_part, e.code
       FROM ${entryWithCategory(range.from, range.to)}
      WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
        AND (c.penalty_notice OR e.code = 'N')
        ${narrowed ? 'AND e.pupil_id = ANY($4::uuid[])' : ''}`,
    narrowed
      ? [school.id, range.from, range.to, pupils.map((p) => p.id)]
      : [school.id, range.from, range.to],
  );
  const { rows: priorRows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
  }>(
    `SELECT pupil_id, session_date, session_part, code FROM prior_school_session
      WHERE school_id = $1 AND session_date BETWEEN $2 AND $3
        ${narrowed ? 'AND pupil_id = ANY($4::uuid[])' : ''}`,
    narrowed
      ? [school.id, range.from, range.to, pupils.map((p) => p.id)]
      : [school.id, range.from, range.to],
  );
  const group = (list: typeof rows): Map<string, StatEntry[]> => {
    const byPupil = new Map<string, StatEntry[]>();
    for (const r of list) {
      const entry: StatEntry = {
        pupilId: r.pupil_id,
        date: r.session_date,
        part: r.session_part,
        code: r.code,
      };
      const entries = byPupil.get(r.pupil_id);
      if (entries === undefined) byPupil.set(r.pupil_id, [entry]);
      else entries.push(entry);
    }
    return byPupil;
  };
  const byPupil = group(rows);
  const priorByPupil = group(priorRows);
  const result: PenaltyNoticeRow[] = [];
  const outside: PenaltyNoticeRow[] = [];
  for (const pupil of pupils) {
    const entries = byPupil.get(pupil.id) ?? [];
    const prior = priorByPupil.get(pupil.id) ?? [];
    if (entries.length === 0 && prior.length === 0) continue;
    const judge = (
      list: readonly StatEntry[],
      priorList: readonly StatEntry[],
      into: PenaltyNoticeRow[],
    ) => {
      if (list.length === 0 && priorList.length === 0) return;
      const status = penaltyNoticeAcrossSchools(
        list,
        priorList,
        school.config,
        pupil.yearGroup ?? undefined,
      );
      if (status.status === 'not-met' || status.window === null) return;
      into.push({
        pupil: reportPupil(pupil),
        status: status.status,
        window: status.window,
        firmSessions: status.firmSessions.map(mark),
        pendingSessions: status.pendingSessions.map(mark),
      });
    };
    const inAge = (e: StatEntry) => isOfCompulsorySchoolAge(pupil.dateOfBirth, e.date);
    const notInAge = (e: StatEntry) => !inAge(e);
    judge(entries.filter(inAge), prior.filter(inAge), result);
    judge(entries.filter(notInAge), prior.filter(notInAge), outside);
  }
  for (const list of [result, outside]) {
    list.sort(
      (a, b) =>
        (a.status === 'met' ? 0 : 1) - (b.status === 'met' ? 0 : 1) ||
        b.firmSessions.length - a.firmSessions.length ||
        a.pupil.displayName.localeCompare(b.pupil.displayName, 'en-GB'),
    );
  }
  const { sessions, schoolWeeks } = school.config.thresholds.penaltyNotice;
  return {
    range,
    threshold: { sessions, schoolWeeks },
    rows: result,
    outsideCompulsorySchoolAge: outside,
    split: null,
  };
}
