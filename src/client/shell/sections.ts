/**
 * The app's sections and who may open each. The server enforces the same rules on every
 * endpoint; this only keeps people from seeing screens that would refuse them.
 */
import type { Role } from '../../domain/index';

export type SectionId =
  'register' | 'office' | 'trips' | 'reports' | 'casework' | 'admin' | 'statutory' | 'governors';

export interface SectionInfo {
  readonly id: SectionId;
  readonly title: string;
  readonly roles: readonly Role[];
}

export const SECTIONS: readonly SectionInfo[] = [
  { id: 'register', title: 'Register', roles: ['teacher', 'office', 'attendance_lead', 'admin'] },
  { id: 'office', title: 'Office', roles: ['office', 'attendance_lead', 'admin'] },
  { id: 'trips', title: 'Trips', roles: ['teacher', 'office', 'attendance_lead', 'admin'] },
  { id: 'reports', title: 'Reports', roles: ['teacher', 'attendance_lead', 'admin'] },
  { id: 'casework', title: 'Casework', roles: ['attendance_lead', 'admin'] },
  { id: 'admin', title: 'Admin', roles: ['attendance_lead', 'admin'] },
  { id: 'statutory', title: 'Statutory returns', roles: ['office', 'attendance_lead', 'admin'] },
  // A governor sees this section only (docs/governors.md): no register, no pupil.
  { id: 'governors', title: 'Governors', roles: ['governor', 'attendance_lead', 'admin'] },
];

/** The sections a role may open, in menu order. */
export function sectionsFor(role: Role): readonly SectionInfo[] {
  return SECTIONS.filter((s) => s.roles.includes(role));
}

/** Where a role starts, and lands when a stored choice is not theirs: the register, or a governor's section. */
export function homeSectionOf(role: Role): SectionId {
  return sectionsFor(role)[0]?.id ?? 'register';
}
