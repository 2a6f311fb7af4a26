/**
 * Staff passwords, hashed with argon2id. Production cost follows OWASP's password storage cheat
 * sheet (19 MiB memory, 2 passes, 1 lane); tests pass a far cheaper cost so they stay fast. The
 * cost is written into each hash, so verifying never needs to know it.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

export interface PasswordParams {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  /** Passes over the memory. */
  readonly timeCost: number;
  readonly parallelism: number;
}

export const PRODUCTION_PASSWORD_PARAMS: PasswordParams = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

// `Algorithm` is a const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** Hashes a password into an argon2id PHC string (salt and cost included). */
export function hashPassword(
  password: string,
  params: PasswordParams = PRODUCTION_PASSWORD_PARAMS,
): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...params });
}

/** Checks a password against a stored hash; a malformed hash is simply "no match". */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
