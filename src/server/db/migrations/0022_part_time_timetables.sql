-- 0022_part_time_timetables: temporary part-time timetables (docs/design.md §8.10). The weekly
-- pattern of sessions the pupil attends, start, review and end, the agreement and the day the
-- local authority was told. Each off session is entered as C2 through the register's events; the
-- events are listed here so that ending the timetable early withdraws exactly its own future ones.

CREATE TABLE part_time_timetable (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  -- [{ "weekday": "mon", "part": "AM" }, …]: the sessions attended (checked by the domain).
  attends jsonb NOT NULL,
  starts_on date NOT NULL,
  review_on date NOT NULL,
  ends_on date NOT NULL,
  -- The day it was ended early (ends_on then holds the new last day).
  ended_early_on date,
  agreement text NOT NULL CHECK (length(agreement) BETWEEN 1 AND 2000),
  agreed_on date NOT NULL,
  la_notified_on date,
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  updated_by uuid NOT NULL REFERENCES staff (id),
  updated_at timestamptz NOT NULL,
  CHECK (starts_on <= review_on AND review_on <= ends_on OR ended_early_on IS NOT NULL),
  CHECK (starts_on <= ends_on)
);
CREATE INDEX part_time_timetable_school_idx ON part_time_timetable (school_id, ends_on);

CREATE TABLE part_time_session (
  timetable_id uuid NOT NULL REFERENCES part_time_timetable (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  -- The C2 event the timetable entered, and the withdrawal when it ended early.
  event_id uuid NOT NULL,
  withdrawn_event_id uuid,
  PRIMARY KEY (timetable_id, session_date, session_part)
);
