/** The trips section: loaded on demand, so the register's first load stays small. */
import type { SectionProps } from '../sections/sectionProps';

export function TripsSection(props: SectionProps) {
  void props;
  return (
    <section className="screen" aria-labelledby="trips-heading">
      <h1 id="trips-heading">Trips</h1>
    </section>
  );
}
