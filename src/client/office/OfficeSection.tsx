/** The office section: loaded on demand, so the register's first load stays small. */
import type { SectionProps } from '../sections/sectionProps';

export function OfficeSection(props: SectionProps) {
  void props;
  return (
    <section className="screen" aria-labelledby="office-heading">
      <h1 id="office-heading">The office</h1>
    </section>
  );
}
