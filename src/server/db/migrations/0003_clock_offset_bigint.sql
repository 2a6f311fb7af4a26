-- 0003_clock_offset_bigint: a device's clock offset is evidence, and a tablet whose clock was reset
-- (a flat battery brings some back in 1970 or at their factory date) is out by months or years.
-- An integer holds only about ±24.8 days of milliseconds, so such a tablet's pushes failed on
-- insert and its queue could never drain. bigint holds any offset the wire accepts.
ALTER TABLE mark_event ALTER COLUMN clock_offset_ms TYPE bigint;
