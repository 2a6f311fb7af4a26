/**
 * The push's write step: the decided events and their entries in bulk (eventBatch.ts), then the
 * device's last number, in the push's one transaction.
 */
import type { Queryable } from '../../db/database';
import type { DecidedEvents, PushContext } from './pushContext';

export async function writePush(
  tx: Queryable,
  ctx: PushContext,
  decided: DecidedEvents | null,
  lastClientSeq: number,
): Promise<void> {
  if (decided !== null) await decided.batch.write(tx);
  await tx.query(`UPDATE device SET last_client_seq = $2, last_seen_at = $3 WHERE device_id = $1`, [
    ctx.deviceId,
    lastClientSeq,
    ctx.now,
  ]);
}
