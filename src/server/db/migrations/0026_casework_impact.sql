-- 0026_casework_impact: "did it work?" (docs/design.md §8.10) reads the actions done in a period
-- for the whole school; this index finds them without reading every action. Casework's
-- celebration figures need no table: the certificate rates are school configuration
-- (`thresholds.certificatePercents`), versioned with the other rules.

CREATE INDEX case_action_done_idx ON case_action (school_id, done_on) WHERE status = 'done';
