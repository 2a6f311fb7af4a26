-- 0021_case_letters: letters of attendance casework (docs/design.md §8.10). Each school keeps its
-- own templates (checked by src/domain/casework/letters.ts when saved); a school without its own
-- uses the built-in one of the same id. A letter made for a case action is kept as its PDF (a
-- case_attachment) with what was sent to whom, how and when.

CREATE TABLE letter_template (
  school_id uuid NOT NULL REFERENCES school (id),
  id text NOT NULL CHECK (id ~ '^[a-z0-9-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
  updated_by uuid NOT NULL REFERENCES staff (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (school_id, id)
);

CREATE TABLE case_letter (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES case_action (id),
  school_id uuid NOT NULL REFERENCES school (id),
  template_id text NOT NULL,
  -- The template's text as used, so the record stays true after the template changes.
  subject text NOT NULL,
  attachment_id uuid NOT NULL REFERENCES case_attachment (id),
  -- Who it was addressed to, as printed on the letter.
  sent_to text NOT NULL CHECK (length(sent_to) BETWEEN 1 AND 500),
  how text NOT NULL CHECK (how IN ('printed', 'email')),
  made_by uuid NOT NULL REFERENCES staff (id),
  made_at timestamptz NOT NULL
);
CREATE INDEX case_letter_action_idx ON case_letter (action_id);
