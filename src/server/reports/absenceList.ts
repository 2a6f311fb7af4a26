/**
 * Persistent and severe absence and the configured at-risk bands, with each pupil's
 * possible sessions beside the rate. SQL counts per pupil; `absenceStatus` decides.
 *
 * The statutory figures cover pupils aged 5 to 15 on the 31 August before the academic year of
 * the range's last day (the domain's `statisticsCohortOf`); nursery and other four-year-olds and
 * pupils over 15 get their own list and figures in `outsideAgeRange`.
 */
import {
  absenceStatus,
  CHARACTERISTICS,
  statisticsCohortOf,
  type CharacteristicKey,
  type Thresholds,
  characteristicValueLabel,
} from '../../domain/index';
import type { AbsenceLevel, AbsenceListResponse, AbsenceRow } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import { countsByPupil } from './pupilCounts';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';

function keeps(level: AbsenceLevel, row: AbsenceRow): boolean {
  switch (level) {
    case 'all':
      return true;
    case 'persistent':
      return row.status.persistent;
    case 'severe':
      return row.status.severe;
    case 'at-risk':
      return row.status.persistent || row.status.band !== null;
  }
}

export async function buildAbsenceList(
  db: Queryable,
  school: ReportSchool,
  pupils: readonly PupilInfo[],
  narrowed: boolean,
  range: ReportRange,
  level: AbsenceLevel,
  splitBy: ListSplit | null = null,
): Promise<AbsenceListResponse> {
  const { thresholds } = school.config;
  const counts = await countsByPupil(
    db,
    school.id,
    range.from,
    range.to,
    narrowed ? pupils.map((p) => p.id) : null,
  );
  const all: AbsenceRow[] = [];
  for (const pupil of pupils) {
    const stats = counts.get(pupil.id)?.stats;
    if (stats === undefined || stats.possible === 0) continue;
    all.push({
      pupil: reportPupil(pupil),
      flags: pupil.flags,
      ageCohort: statisticsCohortOf(pupil.dateOfBirth, range.to),
      possible: stats.possible,
      attended: stats.attended,
      authorised: stats.authorised,
      unauthorised: stats.unauthorised,
      overallAbsence: stats.overallAbsence,
      attendancePercent: stats.attendancePercent,
      overallAbsencePercent: stats.overallAbsencePercent,
      status: absenceStatus(stats, thresholds),
    });
  }
  const statutory = figuresOf(
    all.filter((r) => r.ageCohort === 'aged-5-to-15'),
    thresholds,
    level,
  );
  return {
    range,
    level,
    thresholds: {
      persistentAbsencePercent: thresholds.persistentAbsencePercent,
      severeAbsencePercent: thresholds.severeAbsencePercent,
      atRiskBands: thresholds.atRiskBands.map((b) => ({ ...b })),
    },
    ...statutory,
    outsideAgeRange: figuresOf(
      all.filter((r) => r.ageCohort !== 'aged-5-to-15'),
      thresholds,
      level,
    ),
    split:
      splitBy === null
        ? null
        : {
            key: splitBy.key,
            label: CHARACTERISTICS[splitBy.key].label,
            smallGroupMinimum: thresholds.smallGroupMinimum,
            rows: [...CHARACTERISTICS[splitBy.key].values, null].flatMap((value) => {
              const mine = all.filter(
                (r) => r.ageCohort === 'aged-5-to-15' && splitBy.valueOf(r.pupil.id) === value,
              );
              if (mine.length === 0) return [];
              const { cohort } = figuresOf(mine, thresholds, 'all');
              return [
                {
                  value,
                  label: characteristicValueLabel(splitBy.key, value),
                  cohort,
                  suppressed: cohort.pupils < thresholds.smallGroupMinimum,
                },
              ];
            }),
          },
  };
}

/** A characteristic and each pupil's value of it on the range's last day (null: not recorded). */
export interface ListSplit {
  readonly key: CharacteristicKey;
  readonly valueOf: (pupilId: string) => string | null;
}

/** The cohort figures, band counts and `level`'s rows of one set of pupils. */
function figuresOf(all: readonly AbsenceRow[], thresholds: Thresholds, level: AbsenceLevel) {
  const persistent = all.filter((r) => r.status.persistent).length;
  const severe = all.filter((r) => r.status.severe).length;
  const rate = (n: number) => (all.length === 0 ? null : (100 * n) / all.length);
  return {
    cohort: {
      pupils: all.length,
      persistent,
      severe,
      persistentPercent: rate(persistent),
      severePercent: rate(severe),
    },
    bands: thresholds.atRiskBands.map((b) => ({
      name: b.name,
      minAbsencePercent: b.minAbsencePercent,
      pupils: all.filter((r) => r.status.band?.name === b.name).length,
    })),
    rows: all
      .filter((r) => keeps(level, r))
      // Highest rate first, compared exactly (a·q vs b·p), then by name.
      .sort(
        (a, b) =>
          b.overallAbsence * a.possible - a.overallAbsence * b.possible ||
          a.pupil.displayName.localeCompare(b.pupil.displayName, 'en-GB'),
      ),
  };
}
