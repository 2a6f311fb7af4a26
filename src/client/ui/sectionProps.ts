import type { StaffProfile } from '../auth/deviceAuth';
import type { FetchLike } from '../api/call';
import type { Clock, Timers } from '../clock';
import type { AppDb } from '../db/appDb';

/** What every section of the app (register, office, trips, reports, admin) is given. */
export interface SectionProps {
  readonly db: AppDb;
  /** The person who unlocked the device; their role decides what they may see and do. */
  readonly staff: StaffProfile;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Online requests (tests pass the app's `request`); the browser's fetch when omitted. */
  readonly fetch?: FetchLike;
  /** Makes event ids for new marks (a test may fix them). */
  readonly newEventId?: () => string;
  /** Asks the sync engine to send queued marks now. */
  readonly requestSync?: () => void;
}
