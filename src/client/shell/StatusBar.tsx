/**
 * Always on screen (docs/design.md §3.4): online or offline, how many marks are waiting to reach
 * the office, when the tablet last synced, and the warnings that matter to a teacher: the
 * tablet's clock is wrong, marks were refused, the session with the office has ended. It is one
 * line while all is well, so the register keeps the screen. Whether the browser keeps the data
 * (and the Home Screen on iPad Safari) is said once, where it can be acted on: StorageNotice.
 *
 * It is in the first load, without Dexie (docs/design.md §3.1): on the lock screen it is drawn in
 * the first frame from what start-up read raw (sync/storedSyncStatus.ts, in the status store),
 * and follows the outbox live once Dexie has loaded, with the same figures, so nothing moves.
 */
import type { LiveRead } from '../db/liveRead';
import type { OutboxCounts } from '../marks/outboxCounts';
import { useSyncStatusStore } from '../sync/syncStatusStore';
import { formatClockTime, formatDayClockTime } from '../ui/format';
import { useFollowed } from '../ui/useFollowed';

export interface StatusBarProps {
  /**
   * The live outbox counts (marks/outboxCounts.ts `outboxCountsFeed`), once Dexie has loaded;
   * until then, and until their first read, the counts in the status store (read at start-up).
   */
  readonly counts: LiveRead<OutboxCounts> | null;
  /** Today on the device's clock, to show the last sync as a time only when it was today. */
  readonly now: number;
  /**
   * Offered when the office server says the session has ended. Without it (on the sign-in and
   * lock screens, where signing in is already the next step) that error is not repeated here.
   */
  readonly onSignIn?: () => void;
}

function lastSyncedText(iso: string | null, now: number): string {
  if (iso === null) return 'Not synced yet';
  const at = new Date(iso);
  const isToday = new Date(now).toDateString() === at.toDateString();
  return `Last synced ${isToday ? formatClockTime(at) : formatDayClockTime(at)}`;
}

function clockText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hours = Math.round(minutes / 60);
  const amount =
    minutes < 120
      ? `${minutes} minute${minutes === 1 ? '' : 's'}`
      : `${hours} hour${hours === 1 ? '' : 's'}`;
  // The offset is server time minus tablet time: positive means the tablet is behind.
  const direction = offsetMs > 0 ? 'slow' : 'fast';
  return `This tablet’s clock is about ${amount} ${direction}. Late marks use it, so ask for it to be corrected.`;
}

export function StatusBar(props: StatusBarProps) {
  const { now, onSignIn } = props;
  const status = useSyncStatusStore();
  const counts = useFollowed(props.counts);
  const pending = counts?.pending ?? status.pendingCount;
  const rejected = counts?.rejected ?? status.rejectedCount;
  const error = status.error;

  return (
    <section className="status-bar" aria-label="Sync status">
      <div className="status-bar__row" role="status">
        <span className={`pill ${status.isOnline ? 'pill--online' : 'pill--offline'}`}>
          {status.isOnline ? 'Online' : 'Offline'}
        </span>
        <span className={pending > 0 ? 'status-bar__waiting' : undefined}>
          {pending === 0
            ? 'All marks sent'
            : `${pending} mark${pending === 1 ? '' : 's'} waiting to sync`}
        </span>
        {/* Offline, an attempt is only a probe: "Offline · Syncing…" would contradict itself. */}
        <span>
          {status.isSyncing && status.isOnline
            ? 'Syncing…'
            : lastSyncedText(status.lastSyncedAt, now)}
        </span>
        {rejected > 0 && (
          <span className="status-bar__problem">
            {rejected} mark{rejected === 1 ? '' : 's'} not accepted
          </span>
        )}
      </div>
      {!status.isOnline && pending > 0 && (
        <p className="status-bar__note">
          Marks are saved on this tablet and will be sent when it is back online.
        </p>
      )}
      {error !== null && error.kind === 'not_signed_in' && onSignIn !== undefined && (
        <div className="status-bar__alert" role="alert">
          <span>
            Your session with the office has ended, so marks cannot be sent. Sign in online.
          </span>
          <button type="button" className="button" onClick={onSignIn}>
            Sign in
          </button>
        </div>
      )}
      {error !== null &&
        error.kind !== 'not_signed_in' &&
        !(error.kind === 'transient' && error.status === null) && (
          <p className="status-bar__alert" role="alert">
            Sync problem: {error.message}
          </p>
        )}
      {status.clockWarning && status.clockOffsetMs !== null && (
        <p className="status-bar__alert" role="alert">
          {clockText(status.clockOffsetMs)}
        </p>
      )}
    </section>
  );
}
