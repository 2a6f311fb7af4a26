/**
 * Who wins when two people change the same entry without seeing each other's change
 * (docs/design.md §7.5). Office staff, the attendance lead and admins amend registers with a
 * reason and a parent's call in hand, so their mark outranks a concurrent teacher mark; two
 * people of equal rank are a genuine conflict that someone has to look at.
 */
import type { Role } from '../config/schoolConfig';

/** A rank for every role: higher outranks lower; equal ranks conflict. */
export type RoleRanks = Readonly<Record<Role, number>>;

/**
 * admin = office = attendance_lead > teacher > governor. A governor enters no code, so their rank
 * never decides a mark; it is lowest so that it could never outrank anyone.
 */
export const ROLE_RANK: RoleRanks = Object.freeze({
  teacher: 1,
  office: 2,
  attendance_lead: 2,
  admin: 2,
  governor: 0,
});

/** Whether a change by `role` outranks the current entry written by `headRole`. */
export function outranks(role: Role, headRole: Role, ranks: RoleRanks = ROLE_RANK): boolean {
  return ranks[role] > ranks[headRole];
}

/**
 * Whether `role` may settle a conflict by amending the entry: anyone who outranks a class
 * teacher, because a conflict between teachers is what the office review queue is for.
 */
export function resolvesConflicts(role: Role, ranks: RoleRanks = ROLE_RANK): boolean {
  return ranks[role] > ranks.teacher;
}
