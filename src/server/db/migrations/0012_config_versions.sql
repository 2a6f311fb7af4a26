-- 0012_config_versions: the school's rules (register times and their overrides, thresholds,
-- codes per role, hours in the day) change by versions that take effect on a date, so every
-- session is judged by the rules in force on its own day (docs/design.md §2.1). The calendar and
-- the school's identity stay in school.config, whose rules are "version 0": the rules the school
-- had before its first version.
CREATE TABLE school_config_version (
  school_id uuid NOT NULL REFERENCES school (id),
  -- 1, 2, 3… per school in the order saved.
  version integer NOT NULL CHECK (version >= 1),
  -- The first day the version is in force; never before the day it was saved (checked by the
  -- server by the school's own clock), never before an earlier version's.
  effective_from date NOT NULL,
  -- Every versioned setting as written (JSON), checked by the domain's parser when saved.
  rules jsonb NOT NULL,
  -- Who made the change, with their name and role as they were then, and when.
  made_by uuid NOT NULL REFERENCES staff (id),
  made_by_name text NOT NULL,
  made_by_role text NOT NULL CHECK (made_by_role IN ('attendance_lead', 'admin')),
  made_at timestamptz NOT NULL,
  -- Why, in the maker's words (optional).
  note text CHECK (note IS NULL OR length(note) <= 500),
  PRIMARY KEY (school_id, version)
);
