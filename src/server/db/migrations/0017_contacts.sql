-- 0017_contacts: each pupil's contacts, as the school's MIS holds them (imported from its CSV export
-- and edited by the office). Office data only: never sent to a tablet, never logged.

CREATE TABLE pupil_contact (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  relationship text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 60),
  parental_responsibility boolean NOT NULL,
  -- 1 is called first.
  priority integer NOT NULL CHECK (priority BETWEEN 1 AND 99),
  phones text[] NOT NULL DEFAULT '{}',
  -- Stored in lower case: the parent signs in with it.
  email text CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  language text NOT NULL DEFAULT 'en-GB' CHECK (length(language) BETWEEN 2 AND 35),
  do_not_contact boolean NOT NULL DEFAULT false,
  -- What a court order restricts, as the office wrote it; a restricted contact is never sent a
  -- message and never given access to the parent page.
  court_order text CHECK (length(court_order) BETWEEN 1 AND 500),
  updated_at timestamptz NOT NULL,
  -- Set when the contact is taken off (a later import left them out, or the office removed them);
  -- the row stays, because messages and reports refer to it.
  removed_at timestamptz
);
CREATE INDEX pupil_contact_pupil_idx ON pupil_contact (school_id, pupil_id) WHERE removed_at IS NULL;
CREATE INDEX pupil_contact_email_idx ON pupil_contact (email) WHERE removed_at IS NULL;

ALTER TABLE import_job DROP CONSTRAINT import_job_kind_check;
ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check
  CHECK (kind IN ('pupils', 'staff', 'marks', 'contacts'));
