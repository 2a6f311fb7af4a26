/**
 * The push's write step: the decided events and their entries in bulk (eventBatch.ts), then each
 * device's last number, in the group's one transaction (pushGroup.ts).
 */
import type { Queryable } from '../../db/database';
import type { EventBatch } from '../../register/eventBatch';

/** A device's new last number and when it was last seen (its push's time). */
export interface DeviceWrite {
  readonly deviceId: string;
  readonly lastClientSeq: number;
  readonly seenAt: Date;
}

export async function writePush(
  tx: Queryable,
  batch: EventBatch | null,
  devices: readonly DeviceWrite[],
): Promise<void> {
  if (batch !== null) await batch.write(tx);
  if (devices.length === 0) return;
  await tx.query(
    `UPDATE device d SET last_client_seq = u.last_client_seq, last_seen_at = u.seen_at
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS u(device_id, last_client_seq, seen_at)
      WHERE d.device_id = u.device_id`,
    [
      devices.map((d) => d.deviceId),
      devices.map((d) => d.lastClientSeq),
      devices.map((d) => d.seenAt.toISOString()),
    ],
  );
}
