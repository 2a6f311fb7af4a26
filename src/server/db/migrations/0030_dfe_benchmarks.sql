-- 0030_dfe_benchmarks: the DfE's published absence figures, to compare each school and group with
-- (docs/design.md §8.12). Public statistics, so they belong to no school: every school on the
-- server compares with the same figures.
--
-- dfe_benchmark_load: each file loaded (the command line's `benchmarks load`): its file name, the
-- publication it came from, when and by whom it was loaded, and what it held (rows read, rows
-- kept, rows left out and why, as { reason: count }).
CREATE TABLE dfe_benchmark_load (
  id uuid PRIMARY KEY,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
  publication text NOT NULL CHECK (length(publication) BETWEEN 1 AND 300),
  loaded_at timestamptz NOT NULL,
  loaded_by text NOT NULL CHECK (length(loaded_by) BETWEEN 1 AND 200),
  rows_read integer NOT NULL CHECK (rows_read >= 0),
  rows_kept integer NOT NULL CHECK (rows_kept >= 0),
  left_out jsonb NOT NULL
);

-- One published figure: a period (time_period as published, e.g. '202425', and time_identifier,
-- e.g. 'Autumn term'), an area (national: the country code; regional: the region code; local
-- authority: its three-digit number, the first part of a school's DfE number), a phase and a
-- group of pupils ('all' or a characteristic group as 'key:value', e.g. 'sen:ehcPlan'). A newer
-- file's figure for the same period, area, phase and group replaces the older one.
CREATE TABLE dfe_benchmark (
  load_id uuid NOT NULL REFERENCES dfe_benchmark_load (id),
  time_period text NOT NULL CHECK (time_period ~ '^[0-9]{6}$'),
  time_identifier text NOT NULL CHECK (length(time_identifier) BETWEEN 1 AND 100),
  level text NOT NULL CHECK (level IN ('national', 'regional', 'localAuthority')),
  area_code text NOT NULL CHECK (length(area_code) BETWEEN 1 AND 20),
  area_name text NOT NULL,
  -- A local authority's region (from its own rows), so a school's region follows from its LA.
  region_code text,
  phase text NOT NULL CHECK (phase IN ('all', 'primary', 'secondary', 'special')),
  group_key text NOT NULL CHECK (length(group_key) BETWEEN 1 AND 60),
  enrolments bigint NOT NULL CHECK (enrolments >= 0),
  sessions_possible bigint NOT NULL CHECK (sessions_possible >= 0),
  sessions_overall bigint NOT NULL CHECK (sessions_overall >= 0),
  overall_percent double precision NOT NULL,
  persistent_enrolments bigint,
  persistent_percent double precision,
  severe_enrolments bigint,
  severe_percent double precision,
  PRIMARY KEY (level, area_code, phase, group_key, time_period, time_identifier)
);
CREATE INDEX dfe_benchmark_load_idx ON dfe_benchmark (load_id);
