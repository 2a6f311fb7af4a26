/** Year groups as people say them, and the check that a stored text is one (docs/design.md §2). */
import { YEAR_GROUPS, type YearGroup } from './schoolConfig';

export function isYearGroup(text: string): text is YearGroup {
  return (YEAR_GROUPS as readonly string[]).includes(text);
}

/** "Year 3", "Reception", "Nursery 1". */
export function yearGroupName(yearGroup: string): string {
  if (yearGroup === 'R') return 'Reception';
  if (yearGroup === 'N1') return 'Nursery 1';
  if (yearGroup === 'N2') return 'Nursery 2';
  return `Year ${yearGroup}`;
}
