/**
 * What the steps of a push pass along (sync/pushService.ts): who is pushing, where and when, which
 * every step is given; and the new events as the decide step leaves them for the write and
 * acknowledge steps.
 */
import type { PushAck } from '../../../shared/api/syncSchemas';
import type { EventBatch } from '../../register/eventBatch';

export interface PushContext {
  readonly schoolId: string;
  readonly deviceId: string;
  readonly now: Date;
  /**
   * The device was revoked by an administrator: its queued marks are still stored and decided by
   * the normal rules, but each is flagged for the office's review (eventBatch.ts).
   */
  readonly deviceWithdrawn?: boolean;
}

/** The new events decided: their acknowledgements, and the batch the write step stores. */
export interface DecidedEvents {
  readonly acks: PushAck[];
  readonly batch: EventBatch;
}
