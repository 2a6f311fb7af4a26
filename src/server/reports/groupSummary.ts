/**
 * The school's summary over a range for every pupil (`group` null), or counting only the days its
 * pupils were in one characteristic group (docs/design.md §5 "Pupil characteristics"): what the
 * governors' pack and the DfE comparison set beside targets and published figures.
 */
import type { CharacteristicGroup } from '../../domain/index';
import type { SummaryResponse } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import type { ReportRange } from './reportRange';
import { buildSummary } from './summary';

export function schoolSummaryOf(
  db: Queryable,
  school: ReportSchool,
  range: ReportRange,
  group: CharacteristicGroup | null,
): Promise<SummaryResponse> {
  return buildSummary(db, {
    scope: { kind: 'school', id: school.id, name: school.name },
    schools: [school],
    pupils: null,
    groupOf: new Map(),
    range,
    trend: { from: range.from, to: range.to },
    within: group,
  });
}

/** Whether a group's figures are too few pupils to show in anything printed or shared. */
export const isSmallGroup = (school: ReportSchool, pupils: number): boolean =>
  pupils < school.config.thresholds.smallGroupMinimum;
