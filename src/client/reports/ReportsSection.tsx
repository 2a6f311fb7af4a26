/** The reports section: loaded on demand, so the register's first load stays small. */
import type { SectionProps } from '../sections/sectionProps';

export function ReportsSection(props: SectionProps) {
  void props;
  return (
    <section className="screen" aria-labelledby="reports-heading">
      <h1 id="reports-heading">Reports</h1>
    </section>
  );
}
