-- 0029_pupil_characteristics: the characteristics reports split attendance by (sex, ethnicity,
-- first language, SEN provision, free school meals, pupil premium, child in need, child protection
-- plan, social worker, young carer, looked-after and previously looked-after, service child), each
-- held as dated spans (docs/design.md §5 "Pupil characteristics"). The vocabulary is the domain's
-- (src/domain/characteristics/characteristics.ts). Office-and-lead data: never synced to a tablet.
--
-- A yes/no characteristic is held as spans of 'yes' (a day outside every span is 'no'). Spans of
-- one key never overlap for a pupil (the import writes them so; reports count each day once).
-- A pupil's spans go with the pupil (ON DELETE CASCADE).
CREATE TABLE pupil_characteristic (
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key IN ('sex', 'ethnicity', 'firstLanguage', 'sen', 'fsm', 'pupilPremium',
    'childInNeed', 'childProtectionPlan', 'socialWorker', 'youngCarer', 'lookedAfter',
    'previouslyLookedAfter', 'serviceChild')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 40),
  from_date date NOT NULL,
  -- Inclusive; NULL while the value still holds.
  to_date date,
  CHECK (to_date IS NULL OR to_date >= from_date),
  PRIMARY KEY (school_id, pupil_id, key, from_date)
);
-- A characteristics history file is an import of its own kind (src/server/data/characteristicHistory.ts).
ALTER TABLE import_job DROP CONSTRAINT import_job_kind_check;
ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check
  CHECK (kind IN ('pupils', 'staff', 'marks', 'contacts', 'characteristics'));

-- A report splits one school's entries by one key.
CREATE INDEX pupil_characteristic_key_idx ON pupil_characteristic (school_id, key, pupil_id);
