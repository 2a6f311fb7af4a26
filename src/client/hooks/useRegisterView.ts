import type { SessionRef } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import { registerView, type RegisterView } from '../queries/registerView';
import { useLiveQuery } from './useLiveQuery';

/** The live register of `groupId` for `session` (undefined while the first read runs). */
export function useRegisterView(
  groupId: string,
  session: SessionRef,
  db: AppDb = getDb(),
): RegisterView | undefined {
  const { date, part } = session;
  return useLiveQuery(() => registerView(db, groupId, { date, part }), [db, groupId, date, part]);
}
