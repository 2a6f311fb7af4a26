/**
 * The push's load step: what its events are checked against, loaded once per group of pushes
 * for every event in it (pushGroup.ts): the school's rules, the staff who signed in on each
 * device, the pupils and the trips the events name. The entries' recorded events are loaded by
 * the decide step, under the school's log lock (decidePush.ts).
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

/** What the new events of a group's pushes are decided with. */
export interface PushFacts {
  /** The rules in force on a session's day: each mark is judged by its own day's rules. */
  readonly schoolOn: (day: LocalDate) => SchoolConfig;
  /** By device: the staff who have signed in on it. */
  readonly actorsOf: (deviceId: string) => ReadonlyMap<string, MarkActor>;
  readonly pupils: ReadonlyMap<string, PupilPlacement>;
  readonly trips: ReadonlyMap<string, TripForCheck>;
}

export async function loadPushFacts(
  tx: Queryable,
  schoolId: string,
  deviceIds: readonly string[],
  events: readonly PushEvent[],
): Promise<PushFacts> {
  const schoolOn = configsByDay(await loadSchoolRow(tx, schoolId));
  const actors = await loadDeviceActors(tx, schoolId, deviceIds);
  const pupils = await loadPupils(tx, schoolId, events);
  const trips = await loadTripsForChecks(tx, schoolId, events);
  const none = new Map<string, MarkActor>();
  return { schoolOn, actorsOf: (id) => actors.get(id) ?? none, pupils, trips };
}

/**
 * Staff who have signed in on each device, with their highest-ranked role at this school, by
 * device id.
 */
export async function loadDeviceActors(
  tx: Queryable,
  schoolId: string,
  deviceIds: readonly string[],
): Promise<Map<string, Map<string, MarkActor>>> {
  const { rows } = await tx.query<{ device_id: string; id: string; name: string; role: Role }>(
    `SELECT ds.device_id, s.id, s.name, r.role
       FROM device_staff ds
       JOIN staff s ON s.id = ds.staff_id AND s.disabled_at IS NULL
       JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $2
      WHERE ds.device_id = ANY($1::uuid[])`,
    [[...new Set(deviceIds)], schoolId],
  );
  const byDevice = new Map<string, Map<string, MarkActor>>();
  for (const row of rows) {
    let actors = byDevice.get(row.device_id);
    if (actors === undefined) {
      actors = new Map();
      byDevice.set(row.device_id, actors);
    }
    const known = actors.get(row.id);
    if (known === undefined || ROLE_RANK[row.role] > ROLE_RANK[known.role]) {
      actors.set(row.id, { staffId: row.id, name: row.name, role: row.role });
    }
  }
  return byDevice;
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
