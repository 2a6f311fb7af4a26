/**
 * The roster and the school's configuration on this device, for every office tab: the late book
 * finds pupils in it, the roll call groups by it, pre-entered codes follow its calendar.
 */
import { useMemo } from 'react';
import type { SchoolConfig } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { Clock } from '../clock';
import type { AppDb } from '../db/appDb';
import { useLiveQuery } from '../ui/useLiveQuery';
import { loadRoster, schoolConfigOf } from '../marks/roster';

export type OfficeSchool =
  | { readonly kind: 'loading' }
  | { readonly kind: 'no-roster' }
  | { readonly kind: 'bad-config'; readonly problems: readonly string[] }
  | { readonly kind: 'ready'; readonly roster: Roster; readonly school: SchoolConfig };

/**
 * The office works on today's registers (the late book decides `L` or `U` for an arrival now), so
 * it takes the rules in force today; `now` is read when the roster changes or the office opens.
 */
export function useOfficeSchool(db: AppDb, clock: Clock): OfficeSchool {
  const roster = useLiveQuery(() => loadRoster(db), [db]);
  return useMemo((): OfficeSchool => {
    if (roster === undefined) return { kind: 'loading' };
    if (roster === null) return { kind: 'no-roster' };
    const parsed = schoolConfigOf(roster, clock.now());
    if (!parsed.ok) {
      return {
        kind: 'bad-config',
        problems: parsed.errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)),
      };
    }
    return { kind: 'ready', roster, school: parsed.value };
  }, [roster, clock]);
}
