-- 0031_governors_and_targets: the read-only governor role, and attendance targets approved by
-- governors (docs/governors.md).
--
-- A governor holds a role at one school like other staff, is invited by an admin the same way,
-- enters no code on any register and sees only the school's governor pack and its targets.
ALTER TABLE staff_role DROP CONSTRAINT staff_role_role_check;
ALTER TABLE staff_role ADD CONSTRAINT staff_role_role_check
  CHECK (role IN ('teacher', 'office', 'attendance_lead', 'admin', 'governor'));

-- A target proposed for one school year (the DfE's, 1 August to 31 July, named by the year it
-- starts in): for the whole school (no characteristic) or for one group of pupils (a
-- characteristic and its value, the vocabulary of src/domain/characteristics). Who proposed it
-- (name and role, kept as they were) and when. A later proposal for the same school, year and
-- group supersedes an earlier one; neither is ever changed or deleted. `seq` orders proposals
-- (two may share an instant).
CREATE TABLE attendance_target (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  school_id uuid NOT NULL REFERENCES school (id),
  year_start smallint NOT NULL CHECK (year_start BETWEEN 2000 AND 2200),
  characteristic_key text CHECK (length(characteristic_key) BETWEEN 1 AND 50),
  characteristic_value text CHECK (length(characteristic_value) BETWEEN 1 AND 50),
  attendance_percent numeric(5, 2) NOT NULL CHECK (attendance_percent BETWEEN 0 AND 100),
  persistent_percent numeric(5, 2) NOT NULL CHECK (persistent_percent BETWEEN 0 AND 100),
  note text CHECK (length(note) BETWEEN 1 AND 1000),
  proposed_at timestamptz NOT NULL,
  proposed_by uuid NOT NULL REFERENCES staff (id),
  proposed_by_name text NOT NULL,
  proposed_by_role text NOT NULL CHECK (proposed_by_role IN ('attendance_lead', 'admin')),
  CHECK ((characteristic_key IS NULL) = (characteristic_value IS NULL))
);
CREATE INDEX attendance_target_school_idx ON attendance_target (school_id, year_start, seq);

-- A governor's decision on one proposal: approved or not, by whom (name and role as they were),
-- when, and why. At most one per proposal; a proposal sent back is proposed afresh. `seq` orders
-- decisions: the approval made last is the target in force.
CREATE TABLE attendance_target_decision (
  target_id uuid PRIMARY KEY REFERENCES attendance_target (id),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  decision text NOT NULL CHECK (decision IN ('approved', 'declined')),
  note text CHECK (length(note) BETWEEN 1 AND 1000),
  decided_at timestamptz NOT NULL,
  decided_by uuid NOT NULL REFERENCES staff (id),
  decided_by_name text NOT NULL,
  decided_by_role text NOT NULL CHECK (decided_by_role = 'governor')
);

-- Proposals and decisions are history, like the register's: never updated, never deleted.
CREATE FUNCTION attendance_target_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER attendance_target_append_only BEFORE UPDATE OR DELETE ON attendance_target
  FOR EACH ROW EXECUTE FUNCTION attendance_target_append_only();
CREATE TRIGGER attendance_target_decision_append_only BEFORE UPDATE OR DELETE
  ON attendance_target_decision
  FOR EACH ROW EXECUTE FUNCTION attendance_target_append_only();
