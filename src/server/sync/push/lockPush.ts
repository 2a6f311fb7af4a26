/**
 * The push's lock step: the devices' rows, locked (`FOR UPDATE`) for the whole transaction, so
 * two tabs or a retry storm from one device queue up behind each other, also across two server
 * processes (docs/design.md §7.3). A group of pushes (pushGroup.ts) locks all its devices in one
 * statement, in device order, so two groups never wait on each other's devices in a cycle. The
 * school's log lock (`lockSchoolLog`, register/syncHead.ts) is the second lock; it is taken by the
 * decide step, just before the first new event is looked at.
 */
import type { Queryable } from '../../db/database';

export interface LockedDevice {
  readonly schoolId: string;
  readonly lastClientSeq: number;
}

/** Locks the devices' rows and returns each one's school and last stored number, by device id. */
export async function lockDevices(
  tx: Queryable,
  deviceIds: readonly string[],
): Promise<Map<string, LockedDevice>> {
  const { rows } = await tx.query<{
    device_id: string;
    last_client_seq: number;
    school_id: string;
  }>(
    `SELECT device_id, last_client_seq, school_id FROM device
      WHERE device_id = ANY($1::uuid[])
      ORDER BY device_id
        FOR UPDATE`,
    [[...new Set(deviceIds)]],
  );
  return new Map(
    rows.map((row) => [
      row.device_id,
      { schoolId: row.school_id, lastClientSeq: row.last_client_seq },
    ]),
  );
}
