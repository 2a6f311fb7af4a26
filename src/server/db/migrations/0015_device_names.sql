-- 0015_device_names: an admin names each enrolled device ("Class 3 tablet"), and the name is shown
-- wherever a device appears (the devices list, a pupil's history, conflicts) instead of its id.
-- The label a browser may send at sign-in stays as it was; the name an admin gives is what people
-- see. Names are trimmed, 1–60 characters, and unique at a school whatever their case, revoked
-- devices included, so a history never shows two devices under one name.
ALTER TABLE device
  ADD COLUMN name text CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 60);
CREATE UNIQUE INDEX device_school_name_idx ON device (school_id, lower(name)) WHERE name IS NOT NULL;
