/**
 * What a tablet needs to take registers, and no more (docs/design.md §5): the school's
 * configuration, its groups, and each pupil's name and current group, with the three flags a teacher
 * needs at a glance (medical, SEN, EAL) and, where the school shows photos, the photo's opaque id.
 * The medical note behind the flag, the other sensitive flags (FSM, looked-after, social worker),
 * dates of birth and UPNs stay on the server (docs/design.md §5 "Photos and flags").
 */
import { addDays, toSchoolWallClock } from '../../domain/index';
import type { PupilFlag, Roster } from '../../shared/api/syncSchemas';
import type { Queryable } from '../db/database';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';

/** Pupils who left within this many days stay on the tablet, so a late correction can still be made. */
const RECENT_LEAVERS_DAYS = 30;

/** The flags a tile shows, in the order it shows them. */
function pupilFlagsOf(p: { medical: boolean; send: boolean; eal: boolean }): PupilFlag[] {
  const flags: PupilFlag[] = [];
  if (p.medical) flags.push('medical');
  if (p.send) flags.push('sen');
  if (p.eal) flags.push('eal');
  return flags;
}

export async function buildRoster(db: Queryable, schoolId: string, now: Date): Promise<Roster> {
  const school = await loadSchoolRow(db, schoolId);
  const config = schoolConfigOf(school, now);
  const today = toSchoolWallClock(now, config.timeZone).date;
  const groups = await db.query<{ id: string; name: string; year_group: string }>(
    `SELECT id, name, year_group FROM school_group WHERE school_id = $1 ORDER BY name`,
    [schoolId],
  );
  const pupils = await db.query<{
    id: string;
    forename: string;
    surname: string;
    group_id: string;
    on_roll_from: string;
    on_roll_to: string | null;
    medical: boolean;
    send: boolean;
    eal: boolean;
    photo_id: string | null;
  }>(
    `SELECT DISTINCT ON (p.id) p.id,
            coalesce(p.preferred_forename, p.legal_forename) AS forename,
            coalesce(p.preferred_surname, p.legal_surname) AS surname,
            m.group_id,
            to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from,
            to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to,
            p.medical, p.send, p.eal,
            -- A photo goes to the tablets only while the school shows photos.
            CASE WHEN s.photos_enabled THEN ph.id END AS photo_id
       FROM pupil p
       JOIN school s ON s.id = p.school_id
       JOIN group_membership m ON m.pupil_id = p.id
       LEFT JOIN pupil_photo ph ON ph.pupil_id = p.id
      WHERE p.school_id = $1 AND (p.on_roll_to IS NULL OR p.on_roll_to >= $3)
      -- The group the pupil is in today; for a pupil admitted later, the group they join. The
      -- tablet shows a pupil only from their admission day (isOnRoll), and has them already
      -- when that day comes, with no roster change to wait for.
      ORDER BY p.id, (m.from_date <= $2) DESC, CASE WHEN m.from_date <= $2 THEN m.from_date END DESC, m.from_date`,
    [schoolId, today, addDays(today, -RECENT_LEAVERS_DAYS)],
  );
  const staff = await db.query<{ id: string; name: string; group_ids: string[] | null }>(
    `SELECT s.id, s.name,
            array_remove(array_agg(DISTINCT sg.group_id), NULL) AS group_ids
       FROM staff s
       JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $1
       LEFT JOIN staff_group sg ON sg.staff_id = s.id
      WHERE s.disabled_at IS NULL
      GROUP BY s.id, s.name
      ORDER BY s.name`,
    [schoolId],
  );
  return {
    version: school.rosterVersion,
    organisation: { id: school.organisationId, name: school.organisationName },
    schoolConfig: { ...(school.rawConfig as object), id: config.id },
    configVersions: school.versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      rules: { ...v.rules },
    })),
    groups: groups.rows.map((g) => ({ id: g.id, name: g.name, yearGroup: g.year_group })),
    pupils: pupils.rows
      .map((p) => ({
        id: p.id,
        displayName: `${p.forename} ${p.surname}`,
        sortName: `${p.surname}, ${p.forename}`,
        groupId: p.group_id,
        onRollFrom: p.on_roll_from,
        onRollTo: p.on_roll_to,
        flags: pupilFlagsOf(p),
        photoId: p.photo_id,
      }))
      .sort((a, b) => a.sortName.localeCompare(b.sortName, 'en-GB')),
    staff: staff.rows.map((s) => ({ id: s.id, name: s.name, groupIds: s.group_ids ?? [] })),
  };
}
