/**
 * The lateness list (seed 004's letters and escalation): SQL counts each pupil's lates and
 * minutes in the range; the domain's `latenessStatus` decides the letter (lates since the
 * range's first day) and the escalation (the most lates in any rolling window of school weeks up
 * to the range's last day, which may reach back before the range).
 */
import { addDays, latenessStatus } from '../../domain/index';
import type { LocalDate, SessionPart, StatEntry } from '../../domain/index';
import type { LatenessResponse, LatenessRow } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import { countsByPupil } from './pupilCounts';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';

/**
 * How far before the range lates are fetched for the escalation window: its school weeks at
 * two calendar weeks each, which covers the holidays a window of school weeks skips.
 */
const lookBackDays = (schoolWeeks: number): number => schoolWeeks * 14;

export async function buildLateness(
  db: Queryable,
  school: ReportSchool,
  pupils: readonly PupilInfo[],
  narrowed: boolean,
  range: ReportRange,
): Promise<LatenessResponse> {
  const { latenessLetterCount, latenessEscalation } = school.config.thresholds;
  const ids = narrowed ? pupils.map((p) => p.id) : null;
  const counts = await countsByPupil(db, school.id, range.from, range.to, ids);
  const from = addDays(range.from, -lookBackDays(latenessEscalation.schoolWeeks));
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
  }>(
    `SELECT pupil_id, session_date, session_part, code FROM register_entry
      WHERE school_id = $1 AND session_date BETWEEN $2 AND $3 AND code IN ('L', 'U')
            ${ids === null ? '' : 'AND pupil_id = ANY($4::uuid[])'}`,
    ids === null ? [school.id, from, range.to] : [school.id, from, range.to, ids],
  );
  const lates = new Map<string, StatEntry[]>();
  for (const r of rows) {
    const entry: StatEntry = {
      pupilId: r.pupil_id,
      date: r.session_date,
      part: r.session_part,
      code: r.code,
    };
    const list = lates.get(r.pupil_id);
    if (list === undefined) lates.set(r.pupil_id, [entry]);
    else list.push(entry);
  }
  const result: LatenessRow[] = [];
  for (const pupil of pupils) {
    const stats = counts.get(pupil.id)?.stats;
    if (stats === undefined || stats.lateBeforeClose + stats.lateAfterClose === 0) continue;
    const status = latenessStatus(lates.get(pupil.id) ?? [], school.config, range.to, {
      since: range.from,
      ...(pupil.yearGroup === null ? {} : { yearGroup: pupil.yearGroup }),
    });
    result.push({
      pupil: reportPupil(pupil),
      lates: status.lates,
      lateBeforeClose: stats.lateBeforeClose,
      lateAfterClose: stats.lateAfterClose,
      minutesLateBeforeClose: stats.minutesLateBeforeClose,
      minutesLateAfterClose: stats.minutesLateAfterClose,
      letterDue: status.letterDue,
      escalation: {
        mostLatesInWindow: status.escalation.mostLatesInWindow,
        window: status.escalation.window,
        latesInCurrentWindow: status.escalation.latesInCurrentWindow,
        reached: status.escalation.reached,
      },
    });
  }
  result.sort(
    (a, b) => b.lates - a.lates || a.pupil.displayName.localeCompare(b.pupil.displayName, 'en-GB'),
  );
  return {
    range,
    policy: {
      letterCount: latenessLetterCount,
      escalation: { lates: latenessEscalation.lates, schoolWeeks: latenessEscalation.schoolWeeks },
    },
    rows: result,
    split: null,
  };
}
