-- 0014_withdrawn_marks: a mark may be withdrawn moments after it was made (the register's undo of
-- a first mark). The withdrawal is an event of its own kind in mark_event, carrying the code it
-- takes back; the entry then has no mark, so its register_entry row is removed while both events
-- stay in the log (domain/marks/withdrawal.ts, docs/design.md §8.4).
ALTER TABLE mark_event DROP CONSTRAINT mark_event_kind_check;
ALTER TABLE mark_event ADD CONSTRAINT mark_event_kind_check
  CHECK (kind IN ('mark', 'amend', 'void', 'withdrawn'));
-- A withdrawal always names the mark it takes back.
ALTER TABLE mark_event ADD CONSTRAINT mark_event_withdrawn_has_base
  CHECK (kind <> 'withdrawn' OR base_event_id IS NOT NULL);
