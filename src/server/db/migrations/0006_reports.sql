-- 0006_reports: what the SQL reports (issue 7) need beyond 0001–0005.
--
-- Every report aggregates one school's current entries over a date range, per pupil or per
-- session. This index holds, in pupil order, every column a report reads, so PostgreSQL answers
-- with an index-only scan of the school's slice (no heap visits) and can group per pupil without
-- sorting. It costs one more index write per entry change, which a push of a register (30 rows)
-- does not notice; at trust scale (7.6 M entries) it turns a one-school report from a scan of
-- the whole table into a scan of that school's 380 thousand index entries.
CREATE INDEX register_entry_report_idx ON register_entry (school_id, pupil_id, session_date, session_part)
  INCLUDE (code, minutes_late);
