/**
 * Letters of case actions: what was made, for whom, how and when. (Filled in with the letters.)
 */
import type { Queryable } from '../db/database';
import type { LettersByAction } from './caseStore';

export async function loadLetters(
  _db: Queryable,
  _schoolId: string,
  _actionIds: readonly string[],
): Promise<LettersByAction> {
  return new Map();
}
