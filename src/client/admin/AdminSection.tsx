/** The admin section: loaded on demand, so the register's first load stays small. */
import type { SectionProps } from '../sections/sectionProps';

export function AdminSection(props: SectionProps) {
  void props;
  return (
    <section className="screen" aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
    </section>
  );
}
