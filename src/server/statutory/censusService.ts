/**
 * The census's attendance module from the register (docs/statutory.md, "Census"): the pupils on
 * roll during the collected days and their current entries, handed to the domain's
 * `buildCensusModule`, whose figures are `computeStats`'s, as the reports' are.
 */
import {
  buildCensusModule,
  censusCollection,
  censusExclusionText,
  censusSpan,
  censusTitle,
  openSessionsBetween,
  type CensusModule,
  type CensusPupil,
  type CensusTerm,
  type LocalDate,
  type SchoolConfig,
} from '../../domain/index';
import type { CensusResponse } from '../../shared/api/statutorySchemas';
import type { Queryable } from '../db/database';
import { loadEntriesByPupil } from './statutoryEntries';

export interface CensusResult {
  readonly module: CensusModule;
  readonly openSessions: readonly number[];
}

/** Builds the census's module for the school from its admission register and current entries. */
export async function loadCensus(
  db: Queryable,
  schoolId: string,
  school: SchoolConfig,
  term: CensusTerm,
  year: number,
): Promise<CensusResult> {
  const collection = censusCollection(term, year);
  const span = censusSpan(collection);
  const { rows: pupilRows } = await db.query<{
    id: string;
    upn: string | null;
    legal_forename: string;
    legal_surname: string;
    date_of_birth: LocalDate;
    on_roll_from: LocalDate;
    on_roll_to: LocalDate | null;
  }>(
    `SELECT id, upn, legal_forename, legal_surname, date_of_birth, on_roll_from, on_roll_to
       FROM pupil
      WHERE school_id = $1 AND on_roll_from <= $3 AND (on_roll_to IS NULL OR on_roll_to >= $2)`,
    [schoolId, span.from, span.to],
  );
  const pupils: CensusPupil[] = pupilRows.map((r) => ({
    id: r.id,
    upn: r.upn,
    legalForename: r.legal_forename,
    legalSurname: r.legal_surname,
    dateOfBirth: r.date_of_birth,
    onRollFrom: r.on_roll_from,
    onRollTo: r.on_roll_to,
  }));
  const entriesByPupil = await loadEntriesByPupil(db, schoolId, span.from, span.to);
  const openSessions = collection.periods.map(
    (p) => openSessionsBetween(school, p.from, p.to).length,
  );
  return {
    module: buildCensusModule({ collection, pupils, entriesByPupil, openSessions }),
    openSessions,
  };
}

/** The module as the API answers it. */
export function censusResponse({ module, openSessions }: CensusResult): CensusResponse {
  const { collection } = module;
  const name = (p: CensusPupil) => `${p.legalForename} ${p.legalSurname}`;
  return {
    title: censusTitle(collection),
    term: collection.term,
    year: collection.academicYear,
    censusDay: collection.censusDay,
    ageDate: collection.ageDate,
    periods: collection.periods.map((p, i) => ({
      part: p.part,
      from: p.from,
      to: p.to,
      openSessions: openSessions[i] ?? 0,
    })),
    pupils: module.pupils.map((m) => ({
      pupilId: m.pupil.id,
      upn: m.pupil.upn,
      name: name(m.pupil),
      dateOfBirth: m.pupil.dateOfBirth,
      onRollOnCensusDay: m.onRollOnCensusDay,
      periods: m.periods.map((f) => ({ ...f, reasons: [...f.reasons] })),
    })),
    excluded: module.excluded.map((x) => ({
      pupilId: x.pupil.id,
      name: name(x.pupil),
      dateOfBirth: x.pupil.dateOfBirth,
      reason: censusExclusionText(x.reason),
    })),
    issues: module.issues.map((i) => ({ ...i })),
    totals: collection.periods.map((p, i) => {
      const all = module.pupils.map((m) => m.periods[i]);
      const sum = (key: 'possible' | 'authorised' | 'unauthorised') =>
        all.reduce((n, f) => n + (f?.[key] ?? 0), 0);
      return {
        part: p.part,
        possible: sum('possible'),
        authorised: sum('authorised'),
        unauthorised: sum('unauthorised'),
      };
    }),
  };
}
