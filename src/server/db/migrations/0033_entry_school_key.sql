-- 0033_entry_school_key: one foreign-key check fewer on every register entry written.
--
-- register_entry's school_id was checked twice on each insert: by its own foreign key to school,
-- and by the composite key (school_id, head_seq) to mark_event (school_id, server_seq), whose
-- school_id is itself a foreign key to school. A row whose head event exists therefore has a
-- school that exists, so the first check can never fail where the second passes; it only cost a
-- lookup per entry on every push (docs/benchmarks.md, "Sync drain"). The school is still enforced
-- through the head event; the pupil keeps its own key (mark_event's pupil_id is not one).
ALTER TABLE register_entry DROP CONSTRAINT IF EXISTS register_entry_school_id_fkey;
