/** The row of section buttons under the session bar; hidden when a role has only the register. */
import type { Role } from '../../domain/index';
import { TabNav } from '../ui/TabNav';
import { sectionsFor, type SectionId } from './sections';

export interface SectionNavProps {
  readonly role: Role;
  readonly current: SectionId;
  readonly onOpen: (section: SectionId) => void;
}

export function SectionNav({ role, current, onOpen }: SectionNavProps) {
  const sections = sectionsFor(role);
  if (sections.length < 2) return null;
  return (
    <TabNav
      label="Sections"
      block="section-nav"
      tabs={sections}
      current={current}
      onOpen={onOpen}
    />
  );
}
