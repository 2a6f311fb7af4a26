/**
 * What a person may choose from on the report screens: the groups and pupils from the roster on
 * this device. A teacher is offered only their own groups (the server refuses the others anyway;
 * this keeps it from offering them). Pupils who left long ago are not in the roster; their
 * certificates open from the rows of a list instead.
 */
import type { Role } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { StaffProfile } from '../auth/deviceAuth';
import type { FetchLike } from '../api/call';

export type ScopeGroup = Roster['groups'][number];
export type ScopePupil = Roster['pupils'][number];

export interface ReportScope {
  readonly role: Role;
  readonly groups: readonly ScopeGroup[];
  readonly pupils: readonly ScopePupil[];
  /** Year groups of the groups offered, in the roster's order. */
  readonly yearGroups: readonly string[];
}

/** What every report screen is given to make its requests. */
export interface ReportEnv {
  readonly staff: StaffProfile;
  readonly fetch?: FetchLike;
  readonly scope: ReportScope;
  readonly schoolName: string;
}

export function reportScopeOf(roster: Roster | null, staff: StaffProfile): ReportScope {
  if (roster === null) return { role: staff.role, groups: [], pupils: [], yearGroups: [] };
  const own = roster.staff.find((s) => s.id === staff.staffId)?.groupIds ?? [];
  const groups =
    staff.role === 'teacher' ? roster.groups.filter((g) => own.includes(g.id)) : roster.groups;
  const groupIds = new Set(groups.map((g) => g.id));
  const pupils = roster.pupils.filter((p) => groupIds.has(p.groupId));
  const yearGroups = [...new Set(groups.map((g) => g.yearGroup))];
  return { role: staff.role, groups, pupils, yearGroups };
}
