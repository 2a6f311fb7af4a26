/**
 * Finished fire drills wait in IndexedDB until the server has them: the drill record is often
 * made on a tablet at the assembly point with no wifi. Each carries its own id, so sending it
 * twice (a lost answer) records it once. Sent again when the section opens and after each sync.
 */
import type { CreateFireDrillRequest } from '../../shared/api/officeSchemas';
import { createFireDrillRequestSchema } from '../../shared/api/officeSchemas';
import type { ApiResult } from '../api/call';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';

export async function queueDrill(
  db: AppDb,
  body: CreateFireDrillRequest & { readonly id: string },
  queuedAt: string,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const queue = (await getMeta(db, 'drillOutbox')) ?? [];
    await setMeta(db, 'drillOutbox', [...queue, { id: body.id, queuedAt, body, lastError: null }]);
  });
}

export async function queuedDrillCount(db: AppDb): Promise<number> {
  return ((await getMeta(db, 'drillOutbox')) ?? []).length;
}

/**
 * Sends each queued drill with `send`; removes those the server accepted (or refused for good,
 * which is reported back), keeps the rest for the next try.
 */
export async function flushDrills(
  db: AppDb,
  send: (body: CreateFireDrillRequest) => Promise<ApiResult<unknown>>,
): Promise<{
  readonly sent: number;
  readonly refused: readonly string[];
  readonly waiting: number;
}> {
  const queue = (await getMeta(db, 'drillOutbox')) ?? [];
  let sent = 0;
  const refused: string[] = [];
  const done = new Set<string>();
  const errors = new Map<string, string>();
  for (const item of queue) {
    const body = createFireDrillRequestSchema.safeParse(item.body);
    if (!body.success) {
      done.add(item.id);
      refused.push('A stored drill record could not be read and was dropped.');
      continue;
    }
    const answer = await send(body.data);
    if (answer.ok) {
      sent += 1;
      done.add(item.id);
    } else if (answer.error.kind === 'refused') {
      done.add(item.id);
      refused.push(answer.error.message);
    } else {
      errors.set(item.id, answer.error.message);
    }
  }
  let waiting = 0;
  await db.transaction('rw', db.meta, async () => {
    // Drills queued while these were being sent stay in the queue.
    const latest = (await getMeta(db, 'drillOutbox')) ?? [];
    const left = latest
      .filter((item) => !done.has(item.id))
      .map((item) => ({ ...item, lastError: errors.get(item.id) ?? item.lastError }));
    waiting = left.length;
    await setMeta(db, 'drillOutbox', left);
  });
  return { sent, refused, waiting };
}
