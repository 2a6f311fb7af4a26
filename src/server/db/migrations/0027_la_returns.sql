-- 0027_la_returns: the record of each list the school sent its local authority (docs/statutory.md,
-- "Local authority"): which list, the days it covered, the pupils it held, where it went, and who
-- sent it (name and role, kept as they were) and when. The pupils are kept as ids rather than
-- rows with a foreign key, so undoing a pupil import is not blocked by a list already sent. The
-- admission register's admission and leaving dates and the ground for deletion (0011) are what
-- the lists are built from; nothing is added to the pupil.
CREATE TABLE la_return_sent (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  list text NOT NULL CHECK (list IN (
    'admissions', 'deletions', 'unauthorised', 'continuous', 'missing', 'partTime')),
  period_from date NOT NULL,
  period_to date NOT NULL,
  pupil_ids uuid[] NOT NULL,
  sent_to text NOT NULL CHECK (length(sent_to) BETWEEN 1 AND 200),
  note text CHECK (length(note) BETWEEN 1 AND 1000),
  sent_at timestamptz NOT NULL,
  sent_by uuid NOT NULL REFERENCES staff (id),
  sent_by_name text NOT NULL,
  sent_by_role text NOT NULL CHECK (sent_by_role IN ('office', 'attendance_lead', 'admin')),
  CHECK (period_from <= period_to)
);
CREATE INDEX la_return_sent_school_idx ON la_return_sent (school_id, list, sent_at DESC);
