/** The local authority's lists: what is due, a CSV of each, and when each was sent. */
import type { SectionProps } from '../ui/sectionProps';

export function LocalAuthorityPanel(_props: SectionProps) {
  return (
    <section aria-labelledby="la-heading">
      <h2 id="la-heading">Local authority</h2>
    </section>
  );
}
