/**
 * The schools of an organisation, for its admins: listing them and adding one. An admin of any
 * school in the organisation acts for the organisation here, and becomes the new school's first
 * admin, so they can switch to it and set it up (Admin → Schools).
 */
import type { OrganisationSchoolsResponse, SchoolDetails } from '../../shared/api/setupSchemas';
import type { Database, Queryable } from '../db/database';
import { insertSchool } from './newSchool';

async function organisationOf(
  db: Queryable,
  schoolId: string,
): Promise<{ id: string; name: string }> {
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT o.id, o.name FROM school s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = $1',
    [schoolId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`School ${schoolId} does not exist.`);
  return row;
}

export async function listOrganisationSchools(
  db: Queryable,
  schoolId: string,
): Promise<OrganisationSchoolsResponse> {
  const organisation = await organisationOf(db, schoolId);
  const { rows } = await db.query<{
    id: string;
    name: string;
    urn: string | null;
    dfe_number: string | null;
    time_zone: string;
  }>(
    'SELECT id, name, urn, dfe_number, time_zone FROM school WHERE organisation_id = $1 ORDER BY name, id',
    [organisation.id],
  );
  return {
    organisation,
    schools: rows.map((r) => ({
      id: r.id,
      name: r.name,
      urn: r.urn,
      dfeNumber: r.dfe_number,
      timeZone: r.time_zone,
    })),
  };
}

/** Adds a school to the organisation of `fromSchoolId`, with `adminId` as its admin. */
export async function addOrganisationSchool(
  db: Database,
  input: { fromSchoolId: string; adminId: string; details: SchoolDetails; now: Date },
): Promise<{ id: string; name: string }> {
  return db.transaction(async (tx) => {
    const organisation = await organisationOf(tx, input.fromSchoolId);
    return insertSchool(tx, {
      organisationId: organisation.id,
      details: input.details,
      adminId: input.adminId,
      now: input.now,
      urnPath: 'urn',
    });
  });
}
