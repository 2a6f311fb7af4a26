/**
 * The school's roster version: tablets compare it at each pull and fetch the roster again when it
 * moved (docs/design.md §7). Anything that changes who or what a tablet's registers show bumps it:
 * imports, the calendar, settings, staff accounts.
 */
import type { Queryable } from '../db/database';

/** The school's roster changed: tablets fetch it again at their next pull. */
export async function bumpRosterVersion(tx: Queryable, schoolId: string): Promise<void> {
  await tx.query('UPDATE school SET roster_version = roster_version + 1 WHERE id = $1', [schoolId]);
}
