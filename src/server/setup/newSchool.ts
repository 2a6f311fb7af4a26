/**
 * Creating a school: at first run (setup) and when an organisation admin adds one to the trust.
 * A new school starts with usual session times and one placeholder term covering the school
 * year, so its configuration parses and registers can be taken at once; the admin then enters
 * the real term dates (Admin → Term dates).
 */
import { randomUUID } from 'node:crypto';
import { parseSchoolConfig, formatConfigIssue, toSchoolWallClock } from '../../domain/index';
import type { SchoolDetails } from '../../shared/api/setupSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';

/** The DfE number as the configuration and the school table hold it: `LLL/EEEE`. */
export function dfeNumberOf(details: SchoolDetails): string {
  return `${details.laNumber}/${details.establishmentNumber}`;
}

/** A school year runs from 1 September; before August it is still last year's. */
function schoolYearStarting(now: Date, timeZone: string): number {
  const [year, month] = toSchoolWallClock(now, timeZone).date.split('-').map(Number) as [
    number,
    number,
  ];
  return month >= 8 ? year : year - 1;
}

/** The configuration a new school starts with (validated by the domain's own parser). */
export function startingConfig(
  id: string,
  details: SchoolDetails,
  now: Date,
): Record<string, unknown> {
  const year = schoolYearStarting(now, details.timeZone);
  const config = {
    id,
    name: details.name,
    dfeNumber: dfeNumberOf(details),
    timeZone: details.timeZone,
    sessions: {
      AM: { start: '08:45', registerCloses: '09:15' },
      PM: { start: '13:15', registerCloses: '13:30' },
    },
    terms: [
      {
        name: `School year ${year} to ${year + 1} (replace with your term dates)`,
        start: `${year}-09-01`,
        end: `${year + 1}-07-31`,
      },
    ],
  };
  const parsed = parseSchoolConfig(config);
  if (!parsed.ok) {
    throw new Error(
      `A new school's configuration is invalid: ${parsed.errors.map(formatConfigIssue).join('; ')}`,
    );
  }
  return config;
}

/**
 * Inserts a school into an organisation, with its sync counter, and makes `adminId` its admin.
 *
 * @throws ApiError `already_exists` naming the URN when another school has it.
 */
export async function insertSchool(
  tx: Queryable,
  input: {
    organisationId: string;
    details: SchoolDetails;
    adminId: string;
    now: Date;
    /** Where the URN sits in the request, for the error's field path. */
    urnPath: string;
  },
): Promise<{ id: string; name: string }> {
  const { details } = input;
  const taken = await tx.query('SELECT 1 FROM school WHERE urn = $1', [details.urn]);
  if (taken.rows.length > 0) {
    throw new ApiError('already_exists', {
      message: `A school with URN ${details.urn} is already on this server. Check the URN, or switch to that school instead.`,
      details: { issues: [{ path: input.urnPath, message: 'belongs to a school already here' }] },
    });
  }
  const id = randomUUID();
  await tx.query(
    `INSERT INTO school (id, organisation_id, name, urn, dfe_number, time_zone, config)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      input.organisationId,
      details.name,
      details.urn,
      dfeNumberOf(details),
      details.timeZone,
      JSON.stringify(startingConfig(id, details, input.now)),
    ],
  );
  await tx.query('INSERT INTO sync_head (school_id, seq) VALUES ($1, 0)', [id]);
  await tx.query('INSERT INTO staff_role (staff_id, school_id, role) VALUES ($1, $2, $3)', [
    input.adminId,
    id,
    'admin',
  ]);
  return { id, name: details.name };
}
