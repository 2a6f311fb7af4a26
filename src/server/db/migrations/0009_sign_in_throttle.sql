-- 0009_sign_in_throttle: sign-in failures make the next attempt wait, growing with each failure,
-- instead of locking an account for a fixed window (auth/rateLimit.ts). A run of failures is
-- timed from its last failure; window_start keeps when the run began.
ALTER TABLE rate_limit ADD COLUMN last_failure_at timestamptz;
UPDATE rate_limit SET last_failure_at = window_start;
ALTER TABLE rate_limit ALTER COLUMN last_failure_at SET NOT NULL;
