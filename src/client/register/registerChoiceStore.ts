/**
 * Which register the teacher has chosen to look at, when it is not the one the clock picks:
 * another group, or a past session. UI state only; the register itself is read live from
 * IndexedDB. Cleared on lock, so the next person starts from their own current register.
 */
import { create } from 'zustand';
import type { SessionRef } from '../../domain/index';

export interface RegisterChoiceState {
  /** A group chosen by hand; null follows the person's own first group. */
  readonly groupId: string | null;
  /** A session chosen by hand; null follows the clock. */
  readonly session: SessionRef | null;
  chooseGroup(groupId: string): void;
  chooseSession(session: SessionRef): void;
  /** Back to the register the clock picks for the person's own group. */
  followClock(): void;
}

export const useRegisterChoiceStore = create<RegisterChoiceState>()((set) => ({
  groupId: null,
  session: null,
  chooseGroup: (groupId) => set({ groupId }),
  chooseSession: (session) => set({ session }),
  followClock: () => set({ groupId: null, session: null }),
}));

export function resetRegisterChoiceStore(): void {
  useRegisterChoiceStore.setState({ groupId: null, session: null });
}
