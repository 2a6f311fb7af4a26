-- 0028_mis_writes: the register written into the school's management information system (MIS;
-- docs/mis.md). One row per mark Tickmark owes the MIS: the event that set a register entry, with
-- the values sent. A row is stored before its first send and marked `unsure` before every send,
-- so a send whose answer was lost (a timeout, a dropped connection, the server stopping
-- mid-send) is checked against the MIS before it is ever sent again: no mark is written twice.
CREATE TABLE mis_write (
  school_id uuid NOT NULL REFERENCES school (id),
  -- The mark_event that is (or was) the entry's head; its values are copied below.
  event_id uuid NOT NULL,
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 8),
  minutes_late integer CHECK (minutes_late >= 0),
  comment text CHECK (length(comment) <= 500),
  -- pending: to be sent (again); written: the MIS took it (or already held it, on a check);
  -- failed: refused, or out of tries: waits for a person's "Try again"; superseded: the entry
  -- changed (or was withdrawn) before this mark was written, and the newer row is sent instead.
  status text NOT NULL CHECK (status IN ('pending', 'written', 'failed', 'superseded')),
  -- The last send's outcome is not known: the MIS may hold the mark. Read back before resending.
  unsure boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  -- The MIS's acknowledgement (Wonde's writeback id), or how the mark was found there.
  mis_ack text,
  queued_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  written_at timestamptz,
  PRIMARY KEY (school_id, event_id)
);
CREATE INDEX mis_write_due_idx ON mis_write (school_id, status, next_attempt_at);
CREATE INDEX mis_write_entry_idx ON mis_write (school_id, pupil_id, session_date, session_part);

-- How far through the school's log the writer has queued marks: the highest head_seq seen.
CREATE TABLE mis_cursor (
  school_id uuid PRIMARY KEY REFERENCES school (id),
  last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
);
