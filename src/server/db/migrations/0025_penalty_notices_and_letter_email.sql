-- 0025_penalty_notices_and_letter_email: penalty notices kept per parent and per child with their
-- lifecycle (docs/design.md §8.10; the rules are the domain's, src/domain/casework/penaltyNotices.ts),
-- and casework letters emailed to the contacts with parental responsibility, with what was sent to
-- whom, when, and what the mail server answered.

CREATE TABLE penalty_notice (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  -- The parent: one of the pupil's contacts with parental responsibility.
  contact_id uuid NOT NULL REFERENCES pupil_contact (id),
  -- The parent's name when the notice was considered, so the record stays true after an import.
  parent_name text NOT NULL CHECK (length(parent_name) BETWEEN 1 AND 200),
  -- The case action it belongs to, when there is one.
  action_id uuid REFERENCES case_action (id),
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX penalty_notice_school_idx ON penalty_notice (school_id, pupil_id);

-- The notice's steps in order; the first is always 'considered'. Steps are only added.
CREATE TABLE penalty_notice_step (
  notice_id uuid NOT NULL REFERENCES penalty_notice (id),
  seq integer NOT NULL CHECK (seq >= 1),
  stage text NOT NULL CHECK (stage IN ('considered', 'notice_to_improve', 'issued', 'paid',
    'withdrawn', 'escalated')),
  on_date date NOT NULL,
  period_ends date,
  ordinal integer CHECK (ordinal IN (1, 2)),
  amount_pence integer CHECK (amount_pence > 0),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  recorded_by uuid NOT NULL REFERENCES staff (id),
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (notice_id, seq),
  CHECK ((stage = 'notice_to_improve') = (period_ends IS NOT NULL)),
  CHECK ((stage = 'issued') = (ordinal IS NOT NULL)),
  CHECK ((stage = 'paid') = (amount_pence IS NOT NULL)),
  CHECK ((stage IN ('withdrawn', 'escalated')) = (reason IS NOT NULL))
);

-- Each email of a case letter: to whom (the contact and the address used), when, and the outcome.
-- 'not_sent' records a contact with parental responsibility who could not be emailed and why.
CREATE TABLE case_letter_delivery (
  id uuid PRIMARY KEY,
  letter_id uuid NOT NULL REFERENCES case_letter (id),
  school_id uuid NOT NULL REFERENCES school (id),
  contact_id uuid NOT NULL REFERENCES pupil_contact (id),
  contact_name text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 200),
  email text CHECK (length(email) BETWEEN 3 AND 254),
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed', 'not_sent')),
  detail text CHECK (length(detail) BETWEEN 1 AND 1000),
  sent_by uuid NOT NULL REFERENCES staff (id),
  sent_at timestamptz NOT NULL,
  CHECK ((outcome = 'sent') = (detail IS NULL)),
  CHECK (outcome = 'not_sent' OR email IS NOT NULL)
);
CREATE INDEX case_letter_delivery_letter_idx ON case_letter_delivery (letter_id);
