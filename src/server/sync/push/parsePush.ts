/**
 * Reads a push body so that one event a device can never get accepted does not wedge its queue.
 *
 * The batch itself (protocol version, device, the list) must fit the schema, or the answer is a
 * 400 naming each bad field. But an event whose own fields do not (a date outside the accepted
 * range, a code too long, a field this server does not know) is not a reason to refuse the batch
 * with a 400: the tablet would send the same batch for ever, and every mark queued after it would
 * wait behind it. Such an event is handed on as refused, with the field named, and the push
 * service answers it as it answers a mark the rules refuse: 422 `events_rejected`, nothing
 * stored, the device keeps the refused mark for the teacher to see and sends the rest again
 * (docs/api.md, "Sync"). Only an event whose `eventId` or `clientSeq` cannot be read refuses the
 * batch: the device could not be told which mark was wrong.
 */
import { z } from 'zod';
import {
  MAX_PUSH_EVENTS,
  pushEventSchema,
  pushRequestSchema,
  type PushEvent,
  type PushRequest,
} from '../../../shared/api/syncSchemas';
import { listIssues, parseWith } from '../../http/parseRequest';

/** An event whose fields did not fit the schema, named by what the device numbers it with. */
export interface InvalidEvent {
  readonly eventId: string;
  readonly clientSeq: number;
  /** Each bad field and why, as a 400 would list it ("recordedAt is outside …"). */
  readonly message: string;
}

const batchSchema = pushRequestSchema.extend({
  events: z.array(z.unknown()).min(1).max(MAX_PUSH_EVENTS),
});
const eventKeySchema = z.object({ eventId: z.uuid(), clientSeq: z.int().min(1) });

/**
 * The push request with the events that fit the schema, and those that do not.
 *
 * @throws ApiError 400 when the batch does not fit, or an event cannot even be named.
 */
export function readPushBody(value: unknown): {
  request: PushRequest;
  invalid: InvalidEvent[];
} {
  const batch = parseWith(batchSchema, value, 'request body');
  const events: PushEvent[] = [];
  const invalid: InvalidEvent[] = [];
  let unnamed = false;
  for (const raw of batch.events) {
    const parsed = pushEventSchema.safeParse(raw, { reportInput: true });
    if (parsed.success) {
      events.push(parsed.data);
      continue;
    }
    const key = eventKeySchema.safeParse(raw);
    if (!key.success) unnamed = true;
    else {
      invalid.push({
        eventId: key.data.eventId,
        clientSeq: key.data.clientSeq,
        message: `${listIssues(parsed.error)}.`,
      });
    }
  }
  // Refuse the batch, listing every problem in it (this parse fails: an event did not fit).
  if (unnamed) parseWith(pushRequestSchema, value, 'request body');
  return { request: { ...batch, events }, invalid };
}
