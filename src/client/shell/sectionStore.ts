/** Which section of the app is open. Locking keeps it; another person unlocking starts at the register. */
import { create } from 'zustand';
import type { SectionId } from './sections';

interface SectionState {
  readonly section: SectionId;
  readonly open: (section: SectionId) => void;
}

export const useSectionStore = create<SectionState>((set) => ({
  section: 'register',
  open: (section) => set({ section }),
}));

export function resetSectionStore(): void {
  useSectionStore.setState({ section: 'register' });
}
