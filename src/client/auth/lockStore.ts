/**
 * Who is using the tablet right now (docs/design.md §3.3), as UI state: nobody (locked), someone
 * who has just signed in online and must set a PIN, or the unlocked member of staff whose name and
 * role go on every mark. Held in memory only, so a reload always comes back locked.
 */
import { create } from 'zustand';
import type { StaffProfile } from './deviceAuth';
import type { SignedInStaff } from './pinLock';

export type LockNotice = 'idle' | 'locked' | null;

export interface LockState {
  /** The member of staff using the app; null while locked. */
  readonly unlocked: StaffProfile | null;
  /** Signed in online, PIN not yet set. */
  readonly awaitingPin: SignedInStaff | null;
  /** The sign-in form was asked for (someone new, or to lift a lock-out). */
  readonly isSigningIn: boolean;
  /** The email to fill in on the sign-in form (a known person signing in again). */
  readonly signInEmail: string | null;
  /** Why the tablet locked itself, to say so on the lock screen. */
  readonly notice: LockNotice;
  /** Who to offer first on the lock screen: the last person who unlocked. */
  readonly lastStaffId: string | null;
  unlock(staff: StaffProfile): void;
  lock(notice?: LockNotice): void;
  startSignIn(email?: string): void;
  cancelSignIn(): void;
  signedIn(staff: SignedInStaff): void;
}

const INITIAL = {
  unlocked: null,
  awaitingPin: null,
  isSigningIn: false,
  signInEmail: null,
  notice: null,
  lastStaffId: null,
} as const;

export const useLockStore = create<LockState>()((set) => ({
  ...INITIAL,
  unlock: (staff) =>
    set({
      unlocked: staff,
      awaitingPin: null,
      isSigningIn: false,
      signInEmail: null,
      notice: null,
      lastStaffId: staff.staffId,
    }),
  lock: (notice = 'locked') =>
    set((state) => ({
      unlocked: null,
      awaitingPin: null,
      isSigningIn: false,
      notice,
      lastStaffId: state.unlocked?.staffId ?? state.lastStaffId,
    })),
  startSignIn: (email) => set({ isSigningIn: true, signInEmail: email ?? null, notice: null }),
  cancelSignIn: () => set({ isSigningIn: false, signInEmail: null, awaitingPin: null }),
  signedIn: (staff) =>
    set({ awaitingPin: staff, isSigningIn: false, signInEmail: null, unlocked: null }),
}));

/** Back to a freshly started, locked app (tests). */
export function resetLockStore(): void {
  useLockStore.setState({ ...INITIAL });
}
