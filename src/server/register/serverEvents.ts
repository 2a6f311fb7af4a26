/**
 * Marks the server makes itself, on a person's behalf, with no device: a trip's code entered in
 * advance for each of its pupils and sessions, and any later writer of the same kind.
 * They go into the one event log exactly as a device's marks do (eventBatch.ts): numbered under
 * the school's log lock, decided by the domain's fold over the entry's recorded events, stored
 * with `device_id` and `client_seq` NULL, and projected into `register_entry`. So an entry
 * already there is respected by the same rules as any concurrent mark: an office mark stands
 * (a conflict for review), a teacher's mark is outranked (flagged), the same code changes nothing.
 */
import type { MarkEvent } from '../../domain/index';
import type { Queryable } from '../db/database';
import type { StoredEvent } from './batchEvents';
import { EventBatch } from './eventBatch';
import { loadRecordedEvents } from './eventReads';
import { lockSchoolLog } from './syncHead';

/** One event for the server to record: a domain event, optionally made through a trip. */
export type ServerEventInput = MarkEvent & { readonly tripId?: string | null };

export interface AppendServerEventsInput {
  readonly schoolId: string;
  /** The server's clock: the legal date of every event appended. */
  readonly now: Date;
  /** Events in the order to number them; each must already have passed the rules. */
  readonly events: readonly ServerEventInput[];
}

export interface AppendedEvent extends StoredEvent {
  readonly eventId: string;
}

/**
 * Appends `events` to the school's log inside the caller's transaction `tx` (which must commit
 * or roll back with whatever else it writes, e.g. the trip itself), in a constant number of
 * statements.
 *
 * @returns each event's number, outcome and resulting entry, in the order given.
 */
export async function appendServerEvents(
  tx: Queryable,
  input: AppendServerEventsInput,
): Promise<AppendedEvent[]> {
  if (input.events.length === 0) return [];
  const head = await lockSchoolLog(tx, input.schoolId);
  const batch = new EventBatch(
    input.schoolId,
    head,
    await loadRecordedEvents(tx, input.schoolId, input.events),
  );
  const appended = input.events.map(({ tripId, ...event }) => ({
    ...batch.add({
      event: { ...event, deviceId: null },
      clientSeq: null,
      clockOffsetMs: null,
      receivedAt: input.now,
      tripId: tripId ?? null,
    }),
    eventId: event.eventId,
  }));
  await batch.write(tx);
  return appended;
}
