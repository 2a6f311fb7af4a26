import type { SchoolConfig } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { SectionProps } from '../ui/sectionProps';

/** What every office tab is given: the section's props and the school as this device has it. */
export interface OfficeTabProps extends SectionProps {
  readonly roster: Roster;
  readonly school: SchoolConfig;
}
