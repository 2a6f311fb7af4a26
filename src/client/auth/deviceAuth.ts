/**
 * Who may unlock this tablet (docs/design.md §3.3): each member of staff who has signed in online
 * here, with their role at the school and a slow hash of their PIN. Kept on the device only; it
 * never syncs. A PIN hash is not a password (the password never leaves the sign-in request), but it
 * is still only as strong as 4–8 digits, which is why the hash is slow and attempts are limited.
 */
import { z } from 'zod';
import { ROLE_RANK, ROLES, type Role } from '../../domain/index';
import type { SchoolRole } from '../../shared/api/authSchemas';

export const IDLE_LOCK_CHOICES: readonly number[] = [1, 2, 5, 10, 15];

export const pinHashSchema = z.strictObject({
  algorithm: z.literal('PBKDF2-SHA-256'),
  iterations: z.int().min(1),
  /** Base64 of 16 random bytes. */
  salt: z.string().min(1),
  /** Base64 of the 32-byte derived key. */
  hash: z.string().min(1),
});
export type PinHash = z.infer<typeof pinHashSchema>;

export const staffProfileSchema = z.strictObject({
  staffId: z.uuid(),
  name: z.string(),
  email: z.string(),
  schoolId: z.uuid(),
  schoolName: z.string(),
  /** The role marks are made with at this school: the highest-ranked one (as the server does). */
  role: z.enum(ROLES),
  /** ISO instant of the last online sign-in here. */
  signedInAt: z.iso.datetime({ offset: true }),
  pin: pinHashSchema,
  /** Wrong PINs since the last right one. */
  failedAttempts: z.int().min(0),
  /** Too many wrong PINs: only an online sign-in lets this person in again. */
  isLockedOut: z.boolean(),
});
export type StaffProfile = z.infer<typeof staffProfileSchema>;

export const deviceAuthSchema = z.strictObject({
  v: z.literal(1),
  staff: z.array(staffProfileSchema),
  idleLockMinutes: z.int().min(1).max(60),
});
export type DeviceAuth = z.infer<typeof deviceAuthSchema>;

// Equal ranks (office, attendance lead, admin) are broken towards the later role in ROLES, so
// the choice never depends on the order the server listed the roles in.
const roleOrder = (role: Role): number => ROLE_RANK[role] * 10 + ROLES.indexOf(role);

/**
 * The role a person marks with at `schoolId`: the highest-ranked of their roles there, or null
 * when they have none (the server refuses such a sign-in, so null means a bug or a stale answer).
 */
export function effectiveRole(roles: readonly SchoolRole[], schoolId: string): Role | null {
  let best: Role | null = null;
  for (const { schoolId: at, role } of roles) {
    if (at !== schoolId) continue;
    if (best === null || roleOrder(role) > roleOrder(best)) best = role;
  }
  return best;
}
