/** The school census's attendance module: choose a census, check it, download it. */
import type { SectionProps } from '../ui/sectionProps';

export function CensusPanel(_props: SectionProps) {
  return (
    <section aria-labelledby="census-heading">
      <h2 id="census-heading">School census: attendance</h2>
    </section>
  );
}
