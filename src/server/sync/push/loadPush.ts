/**
 * The push's load step: what its events are checked against, loaded once per push for every
 * event in it (sync/pushService.ts): the school's rules, the staff who signed in on the device, the
 * pupils and the trips the events name. The entries' recorded events are loaded by the decide
 * step, under the school's log lock (decidePush.ts).
 */
import {
  localDate,
  ROLE_RANK,
  type LocalDate,
  type MarkActor,
  type Role,
  type SchoolConfig,
} from '../../../domain/index';
import type { PushEvent } from '../../../shared/api/syncSchemas';
import type { Queryable } from '../../db/database';
import { configsByDay, loadSchoolRow } from '../../school/schoolRules';
import type { PupilPlacement, TripForCheck } from './checkPushedEvent';
import { loadTripsForChecks } from './loadPushTrips';
import type { PushContext } from './pushContext';

/** What every new event of a push is decided with. */
export interface PushFacts {
  /** The rules in force on a session's day: each mark is judged by its own day's rules. */
  readonly schoolOn: (day: LocalDate) => SchoolConfig;
  readonly actors: ReadonlyMap<string, MarkActor>;
  readonly pupils: ReadonlyMap<string, PupilPlacement>;
  readonly trips: ReadonlyMap<string, TripForCheck>;
}

export async function loadPushFacts(
  tx: Queryable,
  ctx: PushContext,
  events: readonly PushEvent[],
): Promise<PushFacts> {
  const schoolOn = configsByDay(await loadSchoolRow(tx, ctx.schoolId));
  const actors = await loadDeviceActors(tx, ctx);
  const pupils = await loadPupils(tx, ctx.schoolId, events);
  const trips = await loadTripsForChecks(tx, ctx.schoolId, events);
  return { schoolOn, actors, pupils, trips };
}

/** Staff who have signed in on this device, with their highest-ranked role at this school. */
export async function loadDeviceActors(
  tx: Queryable,
  ctx: { readonly schoolId: string; readonly deviceId: string },
): Promise<Map<string, MarkActor>> {
  const { rows } = await tx.query<{ id: string; name: string; role: Role }>(
    `SELECT s.id, s.name, r.role
       FROM device_staff ds
       JOIN staff s ON s.id = ds.staff_id AND s.disabled_at IS NULL
       JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $2
      WHERE ds.device_id = $1`,
    [ctx.deviceId, ctx.schoolId],
  );
  const actors = new Map<string, MarkActor>();
  for (const row of rows) {
    const known = actors.get(row.id);
    if (known === undefined || ROLE_RANK[row.role] > ROLE_RANK[known.role]) {
      actors.set(row.id, { staffId: row.id, name: row.name, role: row.role });
    }
  }
  return actors;
}

export async function loadPupils(
  tx: Queryable,
  schoolId: string,
  events: readonly PushEvent[],
): Promise<Map<string, PupilPlacement>> {
  const ids = [...new Set(events.map((e) => e.pupilId))];
  const { rows } = await tx.query<{
    id: string;
    on_roll_from: string;
    on_roll_to: string | null;
    group_id: string | null;
    year_group: PupilPlacement['groups'][number]['yearGroup'] | null;
    from_date: string | null;
    to_date: string | null;
  }>(
    `SELECT p.id, to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from,
            to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to,
            m.group_id, g.year_group,
            to_char(m.from_date, 'YYYY-MM-DD') AS from_date, to_char(m.to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil p
       LEFT JOIN group_membership m ON m.pupil_id = p.id
       LEFT JOIN school_group g ON g.id = m.group_id
      WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])`,
    [schoolId, ids],
  );
  const pupils = new Map<string, PupilPlacement & { groups: PupilPlacement['groups'][number][] }>();
  for (const row of rows) {
    let pupil = pupils.get(row.id);
    if (pupil === undefined) {
      pupil = {
        onRollFrom: localDate(row.on_roll_from),
        onRollTo: row.on_roll_to === null ? null : localDate(row.on_roll_to),
        groups: [],
      };
      pupils.set(row.id, pupil);
    }
    if (row.group_id !== null && row.year_group !== null && row.from_date !== null) {
      pupil.groups.push({
        groupId: row.group_id,
        yearGroup: row.year_group,
        from: localDate(row.from_date),
        to: row.to_date === null ? null : localDate(row.to_date),
      });
    }
  }
  return pupils;
}
