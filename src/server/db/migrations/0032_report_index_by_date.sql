-- 0032_report_index_by_date: reports read the dates they report on, however many years are kept.
--
-- The report index of 0006 led with the pupil (school, pupil, date, part), so a report over one
-- school year read every year retained (PostgreSQL 15 cannot skip from pupil to pupil within an
-- index): with five years kept, a one-year report read five. This index leads with the school and
-- the date and holds every column a report reads, so a report over a range is an index-only scan
-- of that range's entries and nothing else (docs/benchmarks.md, "Reports over five years at trust
-- scale", shows the plan). It also serves every query the session index of 0001 served (school, date, part), so
-- that one goes: an entry's write now updates two indexes (this and the primary key) instead of
-- three. One pupil's entries are read through the primary key (school, pupil, date, part).
DROP INDEX IF EXISTS register_entry_report_idx;
DROP INDEX IF EXISTS register_entry_session_idx;
CREATE INDEX register_entry_date_idx ON register_entry (school_id, session_date, session_part, pupil_id)
  INCLUDE (code, minutes_late);
