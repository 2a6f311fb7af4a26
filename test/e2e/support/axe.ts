/** Accessibility checks with axe-core: the violations that matter, in words a failure can show. */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const BLOCKING = new Set(['serious', 'critical']);

/**
 * The serious and critical axe-core violations on the page as it is now (WCAG 2.x A and AA and
 * axe's best practices), one line each with the elements involved; [] when there are none.
 *
 * axe runs in the page itself (`setLegacyMode`: the app has no frames, and same-origin frames are
 * still checked) and lists the elements of violations only (`resultTypes`): every rule runs on
 * every element as before, and the violations are the same. By default the package runs axe in
 * parts, carries every element that passed each rule to a blank page it opens and joins them
 * there: on the office's whole-school lists that took three to five times as long (the absentees
 * list 20 s against 4 s, side by side in one run on a busy two-core machine).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((v) => v.impact !== undefined && v.impact !== null && BLOCKING.has(v.impact))
    .map(
      (v) =>
        `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}
