-- 0008_retention: what issue 9 needs to keep the register no longer than the law asks and to hear
-- from a withdrawn tablet.

-- A session ended because an administrator revoked its device (not because its person signed
-- out). Such a session may still deliver the device's queued marks (flagged for the office); a
-- session its person signed out may not.
ALTER TABLE auth_session ADD COLUMN revoked_with_device boolean NOT NULL DEFAULT false;

-- Every marks export: the retention job removes only entries inside a range that was exported
-- after their last change. exported_by is null for an export made at the command line.
CREATE TABLE export_log (
  id bigserial PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  from_date date NOT NULL,
  to_date date NOT NULL,
  exported_at timestamptz NOT NULL,
  exported_by uuid REFERENCES staff (id),
  CHECK (to_date >= from_date)
);
CREATE INDEX export_log_school_idx ON export_log (school_id, from_date, to_date);
