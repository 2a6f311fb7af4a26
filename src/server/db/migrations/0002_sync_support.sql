-- 0002_sync_support: what the sync protocol needs beyond 0001.

-- Everyone who has signed in online on a device. A shared classroom tablet carries marks from
-- several teachers (lock → unlock as another teacher, design.md §5); the server accepts a queued
-- mark only from someone who has signed in on that device, and takes their role from here, never
-- from the request.
CREATE TABLE device_staff (
  device_id uuid NOT NULL REFERENCES device (device_id),
  staff_id uuid NOT NULL REFERENCES staff (id),
  first_signed_in_at timestamptz NOT NULL,
  last_signed_in_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, staff_id)
);

-- Bumped whenever what a tablet holds about the school changes (configuration, groups, pupils,
-- staff), so a pull carries the roster only when the device's copy is out of date.
ALTER TABLE school ADD COLUMN roster_version bigint NOT NULL DEFAULT 1 CHECK (roster_version >= 1);

-- Facts about this database as a whole. `epoch` is a random id made when the database is created;
-- a restore from backup gets a new one, and a device whose pull cursor belongs to another epoch
-- is told to reset its pulled copy (it keeps its outbox).
CREATE TABLE server_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

-- Codes arrive from devices as text up to 8 characters (the wire limit); a rejected event keeps
-- what was sent, so the column must hold it. Imported history (no device) has no device or
-- client sequence.
ALTER TABLE mark_event DROP CONSTRAINT mark_event_code_check;
ALTER TABLE mark_event ADD CONSTRAINT mark_event_code_length CHECK (length(code) BETWEEN 1 AND 8);
ALTER TABLE mark_event ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE mark_event ALTER COLUMN client_seq DROP NOT NULL;
ALTER TABLE mark_event ADD CONSTRAINT mark_event_device_has_seq
  CHECK ((device_id IS NULL) = (client_seq IS NULL));
