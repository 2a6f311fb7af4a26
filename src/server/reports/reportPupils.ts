/**
 * The pupils a report is about: names, the group each is in on the range's last day (the latest
 * group joined by then, or the first joined after it), the server-side flags, and the filters and teacher's narrowing that
 * pick some of them.
 */
import { localDate, type LocalDate, type YearGroup } from '../../domain/index';
import type { PupilFlags, ReportPupil } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { Viewer } from './reportAccess';

export interface PupilInfo extends ReportPupil {
  readonly schoolId: string;
  /** Required for every pupil: it decides the statutory figures' age range. */
  readonly dateOfBirth: LocalDate;
  readonly sortName: string;
  readonly flags: PupilFlags;
}

interface PupilRow {
  id: string;
  school_id: string;
  forename: string;
  surname: string;
  group_id: string | null;
  group_name: string | null;
  year_group: YearGroup | null;
  date_of_birth: string;
  send: boolean;
  fsm: boolean;
  looked_after: boolean;
  social_worker: boolean;
}

const PUPIL_SELECT = `
  SELECT p.id, p.school_id,
         coalesce(p.preferred_forename, p.legal_forename) AS forename,
         coalesce(p.preferred_surname, p.legal_surname) AS surname,
         g.id AS group_id, g.name AS group_name, g.year_group,
         to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.send, p.fsm, p.looked_after, p.social_worker
    FROM pupil p
    LEFT JOIN LATERAL (
      SELECT sg.id, sg.name, sg.year_group
        FROM group_membership m JOIN school_group sg ON sg.id = m.group_id
       WHERE m.pupil_id = p.id
       -- The latest group joined by $2; failing that, the first group joined after it.
       ORDER BY (m.from_date <= $2) DESC,
                CASE WHEN m.from_date <= $2 THEN m.from_date END DESC,
                m.from_date
       LIMIT 1
    ) g ON true`;

function toInfo(r: PupilRow): PupilInfo {
  return {
    id: r.id,
    schoolId: r.school_id,
    dateOfBirth: localDate(r.date_of_birth),
    displayName: `${r.forename} ${r.surname}`,
    sortName: `${r.surname}, ${r.forename}`,
    groupId: r.group_id,
    groupName: r.group_name,
    yearGroup: r.year_group,
    flags: {
      send: r.send,
      fsm: r.fsm,
      lookedAfter: r.looked_after,
      socialWorker: r.social_worker,
    },
  };
}

/** Every pupil of the school, with their group as it stood on `asAt`. */
export async function loadPupils(
  db: Queryable,
  schoolId: string,
  asAt: LocalDate,
): Promise<PupilInfo[]> {
  const { rows } = await db.query<PupilRow>(`${PUPIL_SELECT} WHERE p.school_id = $1`, [
    schoolId,
    asAt,
  ]);
  return rows.map(toInfo);
}

/** One pupil of the school, or null (another school's pupil is not found). */
export async function loadPupil(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  asAt: LocalDate,
): Promise<PupilInfo | null> {
  const { rows } = await db.query<PupilRow>(
    `${PUPIL_SELECT} WHERE p.school_id = $1 AND p.id = $3`,
    [schoolId, asAt, pupilId],
  );
  const row = rows[0];
  return row === undefined ? null : toInfo(row);
}

export interface PupilFilters {
  readonly groupId?: string | undefined;
  readonly yearGroup?: YearGroup | undefined;
  readonly send?: 'true' | 'false' | undefined;
  readonly fsm?: 'true' | 'false' | undefined;
  readonly lookedAfter?: 'true' | 'false' | undefined;
  readonly socialWorker?: 'true' | 'false' | undefined;
  /** `key:value`: applied by reportService, which reads the pupils' dated characteristics. */
  readonly characteristic?: string | undefined;
}

const flagMatches = (want: 'true' | 'false' | undefined, has: boolean): boolean =>
  want === undefined || (want === 'true') === has;

/** Whether the viewer may see this pupil: the whole school, or a pupil of their own groups. */
export function canSee(viewer: Viewer, pupil: Pick<ReportPupil, 'groupId'>): boolean {
  return viewer.wholeSchool || (pupil.groupId !== null && viewer.groupIds.has(pupil.groupId));
}

/** The pupils the filters and the viewer's access keep. */
export function filterPupils(
  pupils: readonly PupilInfo[],
  filters: PupilFilters,
  viewer: Viewer,
): PupilInfo[] {
  return pupils.filter(
    (p) =>
      canSee(viewer, p) &&
      (filters.groupId === undefined || p.groupId === filters.groupId) &&
      (filters.yearGroup === undefined || p.yearGroup === filters.yearGroup) &&
      flagMatches(filters.send, p.flags.send) &&
      flagMatches(filters.fsm, p.flags.fsm) &&
      flagMatches(filters.lookedAfter, p.flags.lookedAfter) &&
      flagMatches(filters.socialWorker, p.flags.socialWorker),
  );
}

/** Whether any filter or narrowing applies, i.e. whether SQL must be limited to listed pupils. */
export function isNarrowed(filters: PupilFilters, viewer: Viewer): boolean {
  return !viewer.wholeSchool || Object.values(filters).some((v) => v !== undefined);
}

/** The wire form of a pupil (no flags, no school). */
export function reportPupil(p: PupilInfo): ReportPupil {
  return {
    id: p.id,
    displayName: p.displayName,
    groupId: p.groupId,
    groupName: p.groupName,
    yearGroup: p.yearGroup,
  };
}

/** Surname, then forename order, as registers read. */
export const bySortName = (a: PupilInfo, b: PupilInfo): number =>
  a.sortName.localeCompare(b.sortName, 'en-GB');
