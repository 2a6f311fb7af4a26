/**
 * First run: creates the organisation, its first school and its first admin in one
 * transaction, spending the setup token. The setup page (`POST /api/setup`) and the command line
 * (`npm run cli -- setup`) both come here; the command line, run by whoever holds the server's
 * database, needs no token.
 */
import { randomUUID } from 'node:crypto';
import type { SetupRequest, SetupResponse } from '../../shared/api/setupSchemas';
import { hashPassword, type PasswordParams } from '../auth/password';
import { checkNewPassword } from '../auth/passwordStrength';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { insertSchool } from './newSchool';
import { consumeSetupToken, isSetupNeeded } from './setupToken';

// Shared by every Tickmark process ("setu" in ASCII): two setups at once run one after the other.
const SETUP_LOCK_KEY = 0x73657475;

export type SetupInput = Omit<SetupRequest, 'token'>;

/**
 * Sets the server up.
 *
 * @param token the setup link's token, or null when the command line calls.
 * @throws ApiError `already_set_up` when an organisation exists, `setup_token_invalid` for a
 *   token never issued or already used, `invalid_request` for a guessable password.
 */
export async function runSetup(
  db: Database,
  input: SetupInput,
  options: { token: string | null; now: Date; passwordParams: PasswordParams },
): Promise<SetupResponse> {
  if (!(await isSetupNeeded(db))) throw new ApiError('already_set_up');
  await checkNewPassword(input.admin.password, 'admin.password', input.admin);
  const passwordHash = await hashPassword(input.admin.password, options.passwordParams);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [SETUP_LOCK_KEY]);
    if (!(await isSetupNeeded(tx))) throw new ApiError('already_set_up');
    if (options.token !== null && !(await consumeSetupToken(tx, options.token, options.now))) {
      throw new ApiError('setup_token_invalid');
    }
    return createOrganisation(tx, input, passwordHash, options.now);
  });
}

async function createOrganisation(
  tx: Queryable,
  input: SetupInput,
  passwordHash: string,
  now: Date,
): Promise<SetupResponse> {
  const organisation = {
    id: randomUUID(),
    name: input.organisation.kind === 'trust' ? input.organisation.name : input.school.name,
  };
  await tx.query('INSERT INTO organisation (id, name, created_at) VALUES ($1, $2, $3)', [
    organisation.id,
    organisation.name,
    now,
  ]);
  const admin = { id: randomUUID(), email: input.admin.email };
  await tx.query(
    'INSERT INTO staff (id, organisation_id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [admin.id, organisation.id, admin.email, input.admin.name, passwordHash, now],
  );
  const school = await insertSchool(tx, {
    organisationId: organisation.id,
    details: input.school,
    adminId: admin.id,
    now,
    urnPath: 'school.urn',
  });
  return { status: 'ok', organisation, school, admin };
}
