-- 0024_family: parents in their own language, a sign-in code by text, and replies to first-day
-- emails filed in the pupil's record.

-- The school's first-day wording in a language other than en-GB (en-GB stays in
-- parent_message_settings with the school's phone). A language with no row here uses the wording
-- Tickmark ships for it.
CREATE TABLE parent_message_wording (
  school_id uuid NOT NULL REFERENCES school (id),
  language text NOT NULL CHECK (length(language) BETWEEN 2 AND 35),
  sms_body text NOT NULL CHECK (length(sms_body) BETWEEN 1 AND 612),
  email_subject text NOT NULL CHECK (length(email_subject) BETWEEN 1 AND 200),
  email_body text NOT NULL CHECK (length(email_body) BETWEEN 1 AND 5000),
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES staff (id),
  PRIMARY KEY (school_id, language)
);

-- A six-digit sign-in code texted to a contact's mobile. Only a salted hash of the code is kept;
-- it works once, for a few minutes, and dies after a few wrong tries.
CREATE TABLE parent_code (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  -- The mobile in international form with a leading + ("+447700900001"), as the parent typed it.
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  salt text NOT NULL,
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  wrong_tries integer NOT NULL DEFAULT 0,
  used_at timestamptz
);
CREATE INDEX parent_code_phone_idx ON parent_code (phone, created_at);

-- A parent signed in by a texted code is known by their mobile: parent_session.email (and
-- parent_audit.email) then hold "tel:+447700900001" (RFC 3966), never an email address.

-- The language a first-day message was written in, and the token its email's Reply-To address
-- and Message-ID carry, so a reply finds the message (and the pupil) it answers.
ALTER TABLE parent_message ADD COLUMN language text NOT NULL DEFAULT 'en-GB';
ALTER TABLE parent_message ADD COLUMN reply_token text UNIQUE
  CHECK (reply_token ~ '^[a-z0-9]{20,40}$');

-- A family's reply to a first-day email, filed in the pupil's record against the message.
CREATE TABLE parent_message_reply (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  message_id uuid NOT NULL REFERENCES parent_message (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  -- The reply's own Message-ID: the same reply posted twice is filed once.
  mime_message_id text NOT NULL CHECK (length(mime_message_id) BETWEEN 1 AND 998),
  from_address text NOT NULL CHECK (length(from_address) BETWEEN 1 AND 320),
  subject text NOT NULL CHECK (length(subject) <= 998),
  body text NOT NULL CHECK (length(body) <= 20000),
  received_at timestamptz NOT NULL,
  UNIQUE (school_id, mime_message_id)
);
CREATE INDEX parent_message_reply_pupil_idx ON parent_message_reply (school_id, pupil_id, received_at);
