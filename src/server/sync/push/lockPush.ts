/**
 * The push's lock step: the device's row, locked (`FOR UPDATE`) for the whole transaction, so two
 * tabs or a retry storm from one device queue up behind each other (docs/design.md §7.3). The
 * school's log lock (`lockSchoolLog`, register/syncHead.ts) is the second lock; it is taken by
 * the decide step, just before the first new event is looked at.
 */
import type { Queryable } from '../../db/database';
import { ApiError } from '../../http/apiError';
import type { PushContext } from './pushContext';

/** Locks the pushing device's row and returns the last number it had stored. */
export async function lockDevice(
  tx: Queryable,
  ctx: PushContext,
): Promise<{ lastClientSeq: number }> {
  const { rows } = await tx.query<{ last_client_seq: number; school_id: string }>(
    `SELECT last_client_seq, school_id FROM device WHERE device_id = $1 FOR UPDATE`,
    [ctx.deviceId],
  );
  const row = rows[0];
  if (row === undefined || row.school_id !== ctx.schoolId) {
    throw new ApiError('device_mismatch');
  }
  return { lastClientSeq: row.last_client_seq };
}
