-- 0026_ctf_history: Common Transfer Files imported for joining pupils (docs/statutory.md "CTF
-- import"). A pupil's attendance at a previous school is history at that school: it is kept here,
-- apart from this school's register (register_entry), never counted in this school's figures,
-- and read only where a rule spans schools (the penalty-notice window of school weeks).

CREATE TABLE ctf_import (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  ctf_version text NOT NULL,
  -- The header's DateTime, as the sending school wrote it (its wall clock).
  file_date_time text NOT NULL,
  source_lea text NOT NULL CHECK (source_lea ~ '^[0-9]{3}$'),
  source_estab text NOT NULL CHECK (source_estab ~ '^[0-9]{4}$'),
  source_name text NOT NULL CHECK (length(source_name) BETWEEN 1 AND 100),
  pupils integer NOT NULL CHECK (pupils >= 0),
  sessions integer NOT NULL CHECK (sessions >= 0),
  imported_by uuid NOT NULL REFERENCES staff (id),
  imported_at timestamptz NOT NULL
);
CREATE INDEX ctf_import_school_idx ON ctf_import (school_id, imported_at);

-- One academic year at a previous school, with the counts its CTF gave.
CREATE TABLE prior_school_year (
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2099),
  lea text NOT NULL CHECK (lea ~ '^[0-9]{3}$'),
  estab text NOT NULL CHECK (estab ~ '^[0-9]{4}$'),
  school_name text NOT NULL CHECK (length(school_name) BETWEEN 1 AND 100),
  sessions_possible integer NOT NULL CHECK (sessions_possible BETWEEN 0 AND 999),
  sessions_authorised integer NOT NULL CHECK (sessions_authorised BETWEEN 0 AND 999),
  sessions_attended integer NOT NULL CHECK (sessions_attended BETWEEN 0 AND 999),
  sessions_unauthorised integer NOT NULL CHECK (sessions_unauthorised BETWEEN 0 AND 999),
  import_id uuid NOT NULL REFERENCES ctf_import (id),
  PRIMARY KEY (pupil_id, academic_year, lea, estab)
);

-- Each session mark of that history, as the CTF's marks string gave it.
CREATE TABLE prior_school_session (
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 2),
  lea text NOT NULL,
  estab text NOT NULL,
  import_id uuid NOT NULL REFERENCES ctf_import (id),
  PRIMARY KEY (pupil_id, session_date, session_part)
);
CREATE INDEX prior_school_session_school_idx ON prior_school_session (school_id, session_date);

-- Each CTF made for a leaver: who made it, for whom, to where, with its file number.
CREATE TABLE ctf_export (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  dest_lea text NOT NULL CHECK (dest_lea ~ '^([0-9]{3}|MMM|XXX)$'),
  dest_estab text NOT NULL CHECK (dest_estab ~ '^([0-9]{4}|MMMM|XXXX)$'),
  sequence integer NOT NULL CHECK (sequence BETWEEN 1 AND 999),
  file_name text NOT NULL,
  made_by uuid NOT NULL REFERENCES staff (id),
  made_at timestamptz NOT NULL
);
CREATE INDEX ctf_export_school_idx ON ctf_export (school_id, made_at);
