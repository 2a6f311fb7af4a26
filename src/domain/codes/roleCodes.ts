/**
 * Which codes a person may choose on the register (docs/design.md §3.4): the school's list for
 * their role (`roleCodes` in its configuration), in the school's order. The mark sheet gives
 * present, late (through the arrival time) and `N` buttons of their own; every further code the
 * role may enter and that is in force on the session's day is offered beside them.
 */
import type { Role, SchoolConfig, SessionRef } from '../config/schoolConfig';
import { lookupCode } from './attendanceCodes';

/** Codes with their own button (present, late via the arrival time, absent N). */
const OWN_BUTTONS: ReadonlySet<string> = new Set(['/', '\\', 'L', 'U', 'N']);

const NONE: readonly string[] = Object.freeze([]);

/** Every code `role` may enter at this school, in its order: none for a governor (read-only). */
export function codesFor(school: SchoolConfig, role: Role): readonly string[] {
  return role === 'governor' ? NONE : school.roleCodes[role];
}

/** Whether `role` may enter `code` at this school. */
export function mayEnter(school: SchoolConfig, role: Role, code: string): boolean {
  return codesFor(school, role).includes(code);
}

/** The further codes the role may enter for the session, in the school's configured order. */
export function otherCodes(school: SchoolConfig, role: Role, session: SessionRef): string[] {
  return codesFor(school, role).filter(
    (code) => !OWN_BUTTONS.has(code) && lookupCode(code, session.date) !== null,
  );
}
