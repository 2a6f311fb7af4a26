-- 0018_messages: first-day messages to families. The school's wording (templates with merge
-- fields) and a log of every send, written before the send with a key that makes a retried batch
-- send nothing twice.

CREATE TABLE parent_message_settings (
  school_id uuid PRIMARY KEY REFERENCES school (id),
  school_phone text NOT NULL CHECK (length(school_phone) BETWEEN 1 AND 40),
  sms_body text NOT NULL CHECK (length(sms_body) BETWEEN 1 AND 612),
  email_subject text NOT NULL CHECK (length(email_subject) BETWEEN 1 AND 200),
  email_body text NOT NULL CHECK (length(email_body) BETWEEN 1 AND 5000),
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES staff (id)
);

CREATE TABLE parent_message (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  contact_id uuid NOT NULL REFERENCES pupil_contact (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  -- pending: stored, being sent (or the server stopped mid-send: outcome unknown, never resent
  -- by itself); sent: the gateway or mail server took it; failed: refused, nothing went out.
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  body text NOT NULL,
  provider_id text,
  error text,
  staff_id uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (school_id, pupil_id, session_date, session_part, contact_id, channel)
);
CREATE INDEX parent_message_session_idx ON parent_message (school_id, session_date, session_part);
CREATE INDEX parent_message_created_idx ON parent_message (school_id, created_at);
