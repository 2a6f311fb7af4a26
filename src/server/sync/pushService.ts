/**
 * `POST /api/sync/push`: one ordered batch from one device, applied in one transaction
 * (docs/design.md §7.3). Exactly-once is at-least-once delivery plus an idempotent apply:
 *
 * - the device row is locked (`FOR UPDATE`), so two tabs or a retry storm from one device queue up;
 * - `clientSeq ≤ last` is a resend: the stored acknowledgement is returned, nothing is written;
 * - `clientSeq > last + 1` is a gap (lost local data or a client bug): 409, nothing committed;
 * - every new event takes the next number from the school's counter row, whose lock is held to
 *   commit, so commit order equals `serverSeq` order and a pull cursor never skips an event
 *   (docs/design.md §7.4); the lock is taken before the first new event is looked at, so each event
 *   is decided against the entry as the pushes before it committed it, never against an older view;
 * - a batch in which any new event breaks a rule is refused whole with 422 `events_rejected`,
 *   naming each refused event and why; nothing is stored and no number is used up, so the device
 *   marks those events refused (the teacher sees why) and sends the rest again under fresh
 *   numbers. The queue never wedges, and a mark the server refused leaves no trace in the
 *   statutory record. An event whose own fields do not fit the schema (a date out of range) is
 *   refused the same way (push/parsePush.ts), never with a 400 for the whole batch.
 *
 * The entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 *
 * The batch is read in bulk, decided in memory and written in bulk (eventBatch.ts), so a push
 * costs the same dozen statements whether it carries one event or five hundred.
 *
 * `applyPush` reads as the push's steps, each in its own file under push/: parse (parsePush.ts,
 * in the route, then the batch put in order here), lock (lockPush.ts), load (loadPush.ts), decide
 * (decidePush.ts, which takes the school's log lock), write (writePush.ts) and acknowledge
 * (acknowledgePush.ts).
 */
import type { PushRequest, PushResponse } from '../../shared/api/syncSchemas';
import type { Database } from '../db/database';
import { ApiError } from '../http/apiError';
import { acknowledgePush, resentAcks } from './push/acknowledgePush';
import { decideNew, freshEvents } from './push/decidePush';
import { loadPushFacts } from './push/loadPush';
import { lockDevice } from './push/lockPush';
import type { InvalidEvent } from './push/parsePush';
import type { PushContext } from './push/pushContext';
import { writePush } from './push/writePush';

/**
 * Applies one batch. `invalid` are the batch's events whose fields did not fit the schema
 * (parsePush.ts): a resent one is answered with its stored acknowledgement like any resend, and a
 * new one refuses the batch as a mark the rules refuse does.
 */
export async function applyPush(
  db: Database,
  ctx: PushContext,
  request: PushRequest,
  invalid: readonly InvalidEvent[] = [],
): Promise<PushResponse> {
  const { events, numbered } = inOrder(request, invalid);
  return db.transaction(async (tx) => {
    const last = (await lockDevice(tx, ctx)).lastClientSeq;
    const facts = await loadPushFacts(tx, ctx, events);
    const resent = await resentAcks(
      tx,
      ctx,
      numbered.filter((e) => e.clientSeq <= last),
    );
    const fresh = freshEvents(events, numbered, invalid, last);
    const decided =
      fresh.length === 0
        ? null
        : await decideNew(tx, {
            ctx,
            ...facts,
            events: fresh,
            clockOffsetMs: request.clockOffsetMs,
            expected: last + 1,
          });
    const lastClientSeq = last + fresh.length;
    await writePush(tx, ctx, decided, lastClientSeq);
    return acknowledgePush(tx, ctx, resent, decided, lastClientSeq);
  });
}

/** The batch's events by number, with the unfit ones among them; two with one number: refused. */
function inOrder(request: PushRequest, invalid: readonly InvalidEvent[]) {
  const bySeq = (a: { clientSeq: number }, b: { clientSeq: number }) => a.clientSeq - b.clientSeq;
  const events = [...request.events].sort(bySeq);
  const numbered = [...events, ...invalid].sort(bySeq);
  for (let i = 1; i < numbered.length; i += 1) {
    if (numbered[i]?.clientSeq === numbered[i - 1]?.clientSeq) {
      throw new ApiError('invalid_request', {
        message: `The batch has two events with clientSeq ${numbered[i]?.clientSeq}; each event needs its own.`,
      });
    }
  }
  return { events, numbered };
}
