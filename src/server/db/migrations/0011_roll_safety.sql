-- 0011_roll_safety: imports that cannot empty a school, and the admission register as the law
-- keeps it.

-- What kind of pupils import this is: the file is the school's whole roll (pupils on roll but
-- missing from it become leavers) or it only adds and updates (nobody leaves, the default).
ALTER TABLE import_job ADD COLUMN whole_roll boolean NOT NULL DEFAULT false;
-- The number of leavers the admin typed to confirm a whole-roll import that takes many off roll.
ALTER TABLE import_job ADD COLUMN confirmed_leavers integer CHECK (confirmed_leavers >= 0);
-- What a done pupils import changed, so that it can be undone for 7 days: the pupils and groups it
-- added, and the rows of pupils and group memberships it changed as they were before. Personal
-- data: cleared when the 7 days are over.
ALTER TABLE import_job ADD COLUMN undo_data jsonb;
-- The school's roster version before and after the import: an undo is safe while nothing has
-- changed the roster since (undoing the import that followed this one hands it back).
ALTER TABLE import_job ADD COLUMN roster_version_before bigint;
ALTER TABLE import_job ADD COLUMN roster_version_after bigint;
ALTER TABLE import_job ADD COLUMN undone_at timestamptz;
ALTER TABLE import_job ADD COLUMN undone_by uuid REFERENCES staff (id);

-- The ground on which the pupil's name was deleted from the admission register (regulation 9 of
-- the 2024 regulations; keys as in the domain's roll/deletionGrounds.ts). Null while on roll, or
-- for a leaver whose ground was not recorded (an older import).
ALTER TABLE pupil ADD COLUMN leaving_grounds text CHECK (leaving_grounds IN (
  'registered_elsewhere', 'nursery_not_continued', 'dual_registration_ended',
  'attendance_order_changed', 'home_education', 'moved_away', 'medically_unfit', 'custody', 'died',
  'compulsory_age_ended', 'permanently_excluded', 'missing', 'boarding_charges_unpaid',
  'not_compulsory_age_left'));
ALTER TABLE pupil ADD CONSTRAINT pupil_grounds_need_leaving_date
  CHECK (leaving_grounds IS NULL OR on_roll_to IS NOT NULL);

-- Every change an admin or the office makes to a pupil's admission date, leaving date or grounds
-- by hand: before and after, who, in which role, and when.
CREATE TABLE pupil_roll_change (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  changed_at timestamptz NOT NULL,
  changed_by uuid NOT NULL REFERENCES staff (id),
  changed_by_role text NOT NULL,
  old_on_roll_from date NOT NULL,
  new_on_roll_from date NOT NULL,
  old_on_roll_to date,
  new_on_roll_to date,
  old_leaving_grounds text,
  new_leaving_grounds text
);
CREATE INDEX pupil_roll_change_pupil_idx ON pupil_roll_change (pupil_id, changed_at);
