-- 0016_pupil_photos_flags: what a teacher needs to know at a glance on the register (docs/design.md
-- §5 "Photos and flags"). Three flags a teacher may see (medical needs, SEN, EAL) go to the
-- tablets with the roster; the medical note behind the flag stays on the server and is read only by
-- office staff, leads and admins. SEN is the existing `send` column.
ALTER TABLE pupil
  ADD COLUMN medical boolean NOT NULL DEFAULT false,
  ADD COLUMN medical_note text CHECK (length(medical_note) BETWEEN 1 AND 2000),
  ADD COLUMN eal boolean NOT NULL DEFAULT false;

-- Photos are optional, per school: shown on the register only while the school has them on.
ALTER TABLE school ADD COLUMN photos_enabled boolean NOT NULL DEFAULT false;

-- One photo per pupil, kept in the database beside the rest of the pupil's record, so a backup
-- or a restore carries them and the retention rules delete them with the pupil. The id is opaque
-- (a new one each time the photo is replaced): it is what tablets ask for, never a name or UPN.
CREATE TABLE pupil_photo (
  id uuid PRIMARY KEY,
  pupil_id uuid NOT NULL UNIQUE REFERENCES pupil (id) ON DELETE CASCADE,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
  -- Capped by the import (PHOTO_MAX_BYTES in src/shared/api/photoSchemas.ts); the check is a backstop.
  bytes bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 8 AND 262144),
  imported_by uuid NOT NULL REFERENCES staff (id),
  imported_at timestamptz NOT NULL
);
