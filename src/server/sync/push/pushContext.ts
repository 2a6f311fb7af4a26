/**
 * What the steps of a push pass along (sync/pushService.ts, push/pushGroup.ts): who is pushing,
 * where and when, which every step is given.
 */

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
