/** The row of section buttons under the session bar; hidden when a role has only the register. */
import type { Role } from '../../domain/index';
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
    <nav className="section-nav" aria-label="Sections">
      <ul className="section-nav__list">
        {sections.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="section-nav__button"
              aria-current={s.id === current ? 'page' : undefined}
              onClick={() => onOpen(s.id)}
            >
              {s.title}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
