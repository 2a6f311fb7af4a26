-- 0004_office: the office's own records (issue 5). Marks and amendments are not here: the office
-- writes them through its device outbox into mark_event like any tablet. These tables keep what
-- the office does around the register: first-day contacts, pupils signing out and back in, its
-- decisions on conflicting marks, and fire drills. Who did it is taken from the session; name and
-- role are copied so the record stays true after a person leaves or changes role.

-- One attempt to reach a family about a pupil's absence in one session.
CREATE TABLE first_day_contact (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  method text NOT NULL
    CHECK (method IN ('called', 'texted', 'emailed', 'no_answer', 'home_visit')),
  note text CHECK (length(note) BETWEEN 1 AND 500),
  staff_id uuid NOT NULL REFERENCES staff (id),
  staff_name text NOT NULL,
  staff_role text NOT NULL CHECK (staff_role IN ('teacher', 'office', 'attendance_lead', 'admin')),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX first_day_contact_session_idx ON first_day_contact (school_id, session_date);
CREATE INDEX first_day_contact_pupil_idx ON first_day_contact (school_id, pupil_id, session_date);

-- A pupil leaving the site during the day, and coming back. The fire roll call leaves out pupils
-- who have left and not returned.
CREATE TABLE pupil_sign_out (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  -- The school day (in the school's zone) of left_at, so a day's list is one index range.
  sign_out_date date NOT NULL,
  left_at timestamptz NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  collected_by text CHECK (length(collected_by) BETWEEN 1 AND 200),
  recorded_by uuid NOT NULL REFERENCES staff (id),
  recorded_by_name text NOT NULL,
  recorded_by_role text NOT NULL
    CHECK (recorded_by_role IN ('teacher', 'office', 'attendance_lead', 'admin')),
  recorded_at timestamptz NOT NULL,
  returned_at timestamptz,
  return_recorded_by uuid REFERENCES staff (id),
  return_recorded_by_name text,
  return_recorded_by_role text
    CHECK (return_recorded_by_role IN ('teacher', 'office', 'attendance_lead', 'admin')),
  return_recorded_at timestamptz,
  CHECK (returned_at IS NULL OR returned_at >= left_at),
  CHECK ((returned_at IS NULL) = (return_recorded_by IS NULL))
);
CREATE INDEX pupil_sign_out_day_idx ON pupil_sign_out (school_id, sign_out_date);

-- The office's decision on a queued mark_event (conflict, superseded, or applied but flagged).
-- Taking the other mark or amending is done through the outbox; this records only the decision.
-- One decision per event: once it exists the event has left the queue.
CREATE TABLE conflict_resolution (
  school_id uuid NOT NULL REFERENCES school (id),
  event_id uuid NOT NULL,
  choice text NOT NULL CHECK (choice IN ('kept_current', 'took_other', 'amended')),
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
  staff_id uuid NOT NULL REFERENCES staff (id),
  staff_name text NOT NULL,
  staff_role text NOT NULL CHECK (staff_role IN ('teacher', 'office', 'attendance_lead', 'admin')),
  resolved_at timestamptz NOT NULL,
  -- No foreign key to mark_event: the retention job may delete old events, and a decision about
  -- one must not stop it. The office endpoint checks the event exists when the decision is made.
  PRIMARY KEY (school_id, event_id)
);

-- A fire drill (or a real evacuation) and who was found at the assembly point.
CREATE TABLE fire_drill (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  session_date date NOT NULL,
  session_part text NOT NULL CHECK (session_part IN ('AM', 'PM')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  notes text CHECK (length(notes) BETWEEN 1 AND 2000),
  recorded_by uuid NOT NULL REFERENCES staff (id),
  recorded_by_name text NOT NULL,
  recorded_by_role text NOT NULL
    CHECK (recorded_by_role IN ('teacher', 'office', 'attendance_lead', 'admin')),
  recorded_at timestamptz NOT NULL,
  CHECK (ended_at >= started_at)
);
CREATE INDEX fire_drill_school_idx ON fire_drill (school_id, session_date);

CREATE TABLE fire_drill_pupil (
  drill_id uuid NOT NULL REFERENCES fire_drill (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  accounted_for boolean NOT NULL,
  PRIMARY KEY (drill_id, pupil_id)
);
