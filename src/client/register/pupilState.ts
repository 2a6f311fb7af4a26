/**
 * What a tile says about a pupil, derived from the register view's row: the code and its meaning,
 * whether the mark is still on this tablet only, whether the office must look at it, and whether
 * it was entered in advance by someone other than a teacher (an `M`, a trip `V`), which a careless
 * tap must not overwrite.
 */
import type { LocalDate, Role } from '../../domain/index';
import type { RegisterPupil } from '../marks/registerView';
import { codeMeaning, minutesText } from '../ui/format';

/**
 * The role of whoever wrote the server's head for the entry, when the register view provides it
 * (`RegisterPupil.headRole`); null for an unmarked entry or an older view without it.
 */
export function headRoleOf(pupil: RegisterPupil): Role | null {
  return pupil.headRole;
}

/** An entry made by the office (or another non-teacher role) and not since changed here. */
export function isProtected(pupil: RegisterPupil): boolean {
  if (pupil.isPending || pupil.code === null) return false;
  const role = headRoleOf(pupil);
  return role !== null && role !== 'teacher';
}

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  teacher: 'a teacher',
  office: 'the office',
  attendance_lead: 'the attendance lead',
  admin: 'an admin',
  governor: 'a governor',
};

/** "L — Late: arrived … (10 minutes late)" in words, for the sheet and screen readers. */
export function describeMark(pupil: RegisterPupil, date: LocalDate): string {
  if (pupil.code === null) return 'Not marked';
  const late = pupil.minutesLate === null ? '' : ` (${minutesText(pupil.minutesLate)} late)`;
  return `${pupil.code} — ${codeMeaning(pupil.code, date)}${late}`;
}

/** Short words under the name on a tile. */
export function tileStatus(pupil: RegisterPupil): string[] {
  const parts: string[] = [];
  if (pupil.code === null) parts.push('Not marked');
  if (pupil.minutesLate !== null && pupil.code !== null) {
    parts.push(`${minutesText(pupil.minutesLate)} late`);
  }
  const role = headRoleOf(pupil);
  if (isProtected(pupil) && role !== null) parts.push(`Entered by ${ROLE_NAMES[role]}`);
  if (pupil.isPending) parts.push('Not sent yet');
  if (pupil.notice?.status === 'rejected') parts.push('Not accepted');
  if (pupil.needsReview) parts.push('Needs office review');
  return parts;
}
