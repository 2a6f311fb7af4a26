-- 0005_trips: registers away from school (issue 6). A trip names its leaders, its pupils and its
-- sessions; its pupils' entries for those sessions are entered in advance as the trip's code by
-- the office, and the leaders mark them (offline, through the outbox) while away.

CREATE TABLE trip (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The off-site code the trip's sessions count as (domain.md §1.1): all approved educational
  -- activity, so they count as attendance.
  code text NOT NULL CHECK (code IN ('V', 'B', 'P', 'W', 'K')),
  first_date date NOT NULL,
  first_part text NOT NULL CHECK (first_part IN ('AM', 'PM')),
  last_date date NOT NULL,
  last_part text NOT NULL CHECK (last_part IN ('AM', 'PM')),
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  CHECK (last_date > first_date OR (last_date = first_date AND (first_part = 'AM' OR last_part = 'PM')))
);
CREATE INDEX trip_school_idx ON trip (school_id, last_date);

-- Who may mark the trip's register: staff of the school, named by the office.
CREATE TABLE trip_leader (
  trip_id uuid NOT NULL REFERENCES trip (id),
  staff_id uuid NOT NULL REFERENCES staff (id),
  PRIMARY KEY (trip_id, staff_id)
);
CREATE INDEX trip_leader_staff_idx ON trip_leader (staff_id);

CREATE TABLE trip_pupil (
  trip_id uuid NOT NULL REFERENCES trip (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  PRIMARY KEY (trip_id, pupil_id)
);

-- The school sessions the trip covers (the calendar decided them when the trip was made, so a
-- later calendar change does not silently move a trip's register).
CREATE TABLE trip_session (
  trip_id uuid NOT NULL REFERENCES trip (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  PRIMARY KEY (trip_id, session_date, session_part)
);

-- The trip a mark was made through (a leader's mark, or the office's entry in advance); NULL
-- for every other mark. Evidence of why a teacher could mark a pupil outside their class.
ALTER TABLE mark_event ADD COLUMN trip_id uuid REFERENCES trip (id);
