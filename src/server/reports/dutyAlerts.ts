/**
 * Duty alerts: what the school must tell the local authority, and whose attendance has
 * fallen through a band since the last review. SQL counts per pupil; the domain decides
 * (`laDuties`, `fellThroughBand`).
 *
 * "The last review" is the day the attendance lead last reviewed the figures. Nothing records
 * reviews yet, so the lead gives the day (`reviewedOn`); by default it is the first day of the
 * configured term holding `asOf`, because schools review attendance at least termly. The rate
 * "at the review" is the pupil's over the range up to the day before the review; "now" is over
 * the whole range.
 */
import {
  absenceLevel,
  addDays,
  fellThroughBand,
  laDuties,
  localDate,
  longDate,
} from '../../domain/index';
import type { LocalDate } from '../../domain/index';
import type { DutyAlert, DutyAlertsResponse } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import { countsByPupil } from './pupilCounts';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';
import { termOf } from './reportRange';

const days = (sessions: number): string =>
  `${sessions / 2} school ${sessions === 2 ? 'day' : 'days'}`;
const pct = (p: number | null): string => (p === null ? 'n/a' : `${p.toFixed(1)}%`);

/** The default last review: the first day of the term holding `asOf`, within the range. */
export function defaultReviewDay(school: ReportSchool, range: ReportRange): LocalDate {
  const term = termOf(school.config, range.asOf);
  if (term === null || term.from < range.from) return range.from;
  return term.from;
}

export async function buildDutyAlerts(
  db: Queryable,
  school: ReportSchool,
  pupils: readonly PupilInfo[],
  narrowed: boolean,
  range: ReportRange,
  reviewedOnQuery: string | undefined,
): Promise<DutyAlertsResponse> {
  const reviewedOn =
    reviewedOnQuery === undefined ? defaultReviewDay(school, range) : localDate(reviewedOnQuery);
  const ids = narrowed ? pupils.map((p) => p.id) : null;
  const now = await countsByPupil(db, school.id, range.from, range.to, ids);
  const atReview =
    reviewedOn <= range.from
      ? new Map()
      : await countsByPupil(db, school.id, range.from, addDays(reviewedOn, -1), ids);
  const { thresholds } = school.config;
  const alerts: DutyAlert[] = [];
  for (const pupil of pupils) {
    const counts = now.get(pupil.id);
    if (counts === undefined) continue;
    const { stats, illness } = counts;
    const base = {
      pupil: reportPupil(pupil),
      bandAtReview: null,
      bandNow: null,
      absencePercentAtReview: null,
      absencePercentNow: stats.overallAbsencePercent,
    };
    const duties = laDuties(
      { unauthorised: stats.unauthorised, illness },
      thresholds.localAuthority,
    );
    if (duties.informOfUnauthorised) {
      alerts.push({
        ...base,
        kind: 'la-unauthorised',
        sessions: stats.unauthorised,
        thresholdSessions: thresholds.localAuthority.unauthorisedSessions,
        detail: `${stats.unauthorised} sessions (${days(stats.unauthorised)}) of unauthorised absence, consecutive or not: inform the local authority.`,
      });
    }
    if (duties.sicknessReturn) {
      alerts.push({
        ...base,
        kind: 'la-sickness',
        sessions: illness,
        thresholdSessions: thresholds.localAuthority.illnessSessions,
        detail: `${illness} sessions (${days(illness)}) of illness, consecutive or not: include the pupil in the local authority's sickness return.`,
      });
    }
    const before = atReview.get(pupil.id)?.stats ?? {
      possible: 0,
      overallAbsence: 0,
      overallAbsencePercent: null,
    };
    if (fellThroughBand(before, stats, thresholds)) {
      const then = absenceLevel(before, thresholds);
      const nowLevel = absenceLevel(stats, thresholds);
      alerts.push({
        ...base,
        kind: 'band-fall',
        sessions: stats.overallAbsence,
        thresholdSessions: null,
        bandAtReview: then.name,
        bandNow: nowLevel.name,
        absencePercentAtReview: before.overallAbsencePercent,
        detail: `Absence rose from ${pct(before.overallAbsencePercent)} (${then.name ?? 'below every band'}) before the review on ${longDate(reviewedOn)} to ${pct(stats.overallAbsencePercent)} (${nowLevel.name ?? 'below every band'}) of ${stats.possible} possible sessions.`,
      });
    }
  }
  const order = { 'la-unauthorised': 0, 'la-sickness': 1, 'band-fall': 2 } as const;
  alerts.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      b.sessions - a.sessions ||
      a.pupil.displayName.localeCompare(b.pupil.displayName, 'en-GB'),
  );
  return { range, reviewedOn, alerts, split: null };
}
