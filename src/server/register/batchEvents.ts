/**
 * The shapes that go into and come out of an event batch (eventBatch.ts), apart from the batch
 * itself, so the modules that read and write its rows need not import the batch.
 */
import type { MarkEvent, RegisterEntry } from '../../domain/index';
import type { AckStatus, PushAck } from '../../shared/api/syncSchemas';

/** An entry as an acknowledgement carries it. */
export type AckEntry = NonNullable<PushAck['entry']>;

/** One new event for the batch. */
export interface BatchEvent {
  /** The checked event, with its author and device (null for a mark the server makes). */
  readonly event: MarkEvent;
  /** The device's number for it; null exactly when `event.deviceId` is null. */
  readonly clientSeq: number | null;
  readonly clockOffsetMs: number | null;
  readonly receivedAt: Date;
  /** The trip the mark was made through, if any. */
  readonly tripId: string | null;
  /** Pushed by a revoked device: the event is flagged and its entry set for review. */
  readonly fromWithdrawnDevice?: boolean;
}

export interface StoredEvent {
  readonly serverSeq: number;
  readonly status: Exclude<AckStatus, 'rejected'>;
  /** Why it did not simply apply (superseded, conflict, flagged), in plain English. */
  readonly detail: string | null;
  /** The entry after the event; null when it has no mark (the event withdrew its mark). */
  readonly entry: RegisterEntry | null;
  /** The server number of the entry's head after the event; null when it has no mark. */
  readonly headSeq: number | null;
  /** Whether the entry now needs the office's review (the fold's, or a withdrawn device's). */
  readonly needsReview: boolean;
}
