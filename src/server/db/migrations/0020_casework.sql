-- 0020_casework: attendance casework (docs/design.md, "Casework"). A case per pupil holds a
-- timeline of actions (calls, letters, meetings, plans, contracts, notices, referrals, reviews),
-- each with an owner, a due date, a review date and notes. The school's escalation ladder is
-- configuration, checked by the domain (src/domain/casework/ladder.ts) when saved and read.
-- Casework never touches the register: marks change only through the event log.

CREATE TABLE case_ladder (
  school_id uuid PRIMARY KEY REFERENCES school (id),
  ladder jsonb NOT NULL,
  updated_by uuid NOT NULL REFERENCES staff (id),
  updated_at timestamptz NOT NULL
);

CREATE TABLE attendance_case (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  opened_on date NOT NULL,
  opened_by uuid NOT NULL REFERENCES staff (id),
  opened_at timestamptz NOT NULL,
  closed_on date,
  closed_by uuid REFERENCES staff (id),
  close_reason text CHECK (length(close_reason) BETWEEN 1 AND 2000),
  CHECK ((closed_on IS NULL) = (closed_by IS NULL)),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
-- One open case per pupil; closed cases stay as history.
CREATE UNIQUE INDEX attendance_case_open_idx ON attendance_case (school_id, pupil_id)
  WHERE closed_on IS NULL;

CREATE TABLE case_action (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES attendance_case (id),
  school_id uuid NOT NULL REFERENCES school (id),
  kind text NOT NULL CHECK (kind IN ('call', 'letter', 'meeting', 'support_plan',
    'attendance_contract', 'parenting_contract', 'notice_to_improve', 'referral',
    'penalty_notice', 'review')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- The ladder stage that proposed it (NULL when a person added it on their own).
  stage_id text CHECK (length(stage_id) BETWEEN 1 AND 40),
  -- planned → done, or declined (a proposal a person decided against), or cancelled.
  status text NOT NULL CHECK (status IN ('planned', 'done', 'declined', 'cancelled')),
  owner_id uuid REFERENCES staff (id),
  due_on date NOT NULL,
  review_on date,
  done_on date,
  -- Attendance when it was done (sessions attended of possible this school year), so the case
  -- can show whether it worked.
  attended_then integer CHECK (attended_then >= 0),
  possible_then integer CHECK (possible_then >= 0),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  updated_by uuid NOT NULL REFERENCES staff (id),
  updated_at timestamptz NOT NULL,
  CHECK ((status = 'done') = (done_on IS NOT NULL)),
  CHECK (review_on IS NULL OR review_on >= due_on)
);
CREATE INDEX case_action_case_idx ON case_action (case_id);
CREATE INDEX case_action_due_idx ON case_action (school_id, status, due_on);
-- A ladder stage is proposed once per case.
CREATE UNIQUE INDEX case_action_stage_idx ON case_action (case_id, stage_id) WHERE stage_id IS NOT NULL;

-- Documents attached to an action (a letter's PDF, a signed contract).
CREATE TABLE case_attachment (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES case_action (id),
  school_id uuid NOT NULL REFERENCES school (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf')),
  body bytea NOT NULL,
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX case_attachment_action_idx ON case_attachment (action_id);
