-- 0023_leave_requests: parents request leave of absence on the parent page; the person the school
-- names (the attendance lead by default) grants or refuses it with a reason. The decision letter
-- is kept as its PDF with whom it was emailed to, when, and how that went. A grant enters `C` in
-- advance through the one write path; a refusal is kept so that an absence in those sessions is
-- then recorded `G` from the leave queue (docs/parents.md, "Leave requests").

-- Each school's rules for leave (src/domain/leave/leaveRules.ts); a school without a row uses the
-- defaults there.
CREATE TABLE leave_settings (
  school_id uuid PRIMARY KEY REFERENCES school (id),
  rules jsonb NOT NULL,
  updated_by uuid NOT NULL REFERENCES staff (id),
  updated_at timestamptz NOT NULL
);

CREATE TABLE leave_request (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  contact_id uuid NOT NULL REFERENCES pupil_contact (id),
  from_date date NOT NULL,
  from_part text NOT NULL CHECK (from_part IN ('AM', 'PM')),
  to_date date NOT NULL,
  to_part text NOT NULL CHECK (to_part IN ('AM', 'PM')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  -- The evidence file, checked by its content (PDF, JPEG or PNG) and size when it was sent.
  evidence_name text CHECK (length(evidence_name) BETWEEN 1 AND 255),
  evidence_type text CHECK (evidence_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  evidence bytea CHECK (octet_length(evidence) <= 5242880),
  created_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'granted', 'refused')),
  decided_by uuid REFERENCES staff (id),
  decided_by_name text,
  decided_by_role text CHECK (decided_by_role IN ('attendance_lead', 'admin')),
  decided_at timestamptz,
  decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 1000),
  -- The rules the request broke when it was decided, as the decider saw them.
  rules_broken jsonb,
  letter_subject text,
  letter_pdf bytea,
  -- The letter by email: to whom, when, and how it went ('sent', 'failed: …', 'not sent: …').
  emailed_to text,
  emailed_at timestamptz,
  email_outcome text,
  -- Register entries the decision entered (`C`), or that were later recorded `G`.
  entries_changed integer,
  CHECK (to_date > from_date OR (to_date = from_date AND (from_part = 'AM' OR to_part = 'PM'))),
  CHECK ((evidence IS NULL) = (evidence_type IS NULL) AND (evidence IS NULL) = (evidence_name IS NULL))
);
CREATE INDEX leave_request_queue_idx ON leave_request (school_id, status, from_date);
CREATE INDEX leave_request_contact_idx ON leave_request (contact_id, created_at);
