-- 0019_parent_reports: parents sign in with a single-use emailed link, and report absences for
-- the office to accept or decline. A report never changes the register by itself: accepting one
-- writes mark events through the one write path, with the parent named in the reason.

-- A sign-in link: only its SHA-256 is kept. Single use, short-lived.
CREATE TABLE parent_link (
  token_hash text PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX parent_link_email_idx ON parent_link (school_id, email, created_at);

CREATE TABLE parent_session (
  token_hash text PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE absence_report (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  contact_id uuid NOT NULL REFERENCES pupil_contact (id),
  from_date date NOT NULL,
  to_date date NOT NULL CHECK (to_date >= from_date),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  expected_return date,
  created_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'declined')),
  decided_by uuid REFERENCES staff (id),
  decided_at timestamptz,
  decision_code text,
  entries_changed integer
);
CREATE INDEX absence_report_queue_idx ON absence_report (school_id, status, from_date);

-- Every parent action, for the school's audit: who (by email), what, when. Details hold ids only.
CREATE TABLE parent_audit (
  id bigserial PRIMARY KEY,
  school_id uuid REFERENCES school (id),
  email text NOT NULL,
  action text NOT NULL,
  at timestamptz NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX parent_audit_email_idx ON parent_audit (email, at);
