-- 0007_data: imports from the school's MIS (issue 8). An import is uploaded in chunks, previewed
-- (nothing written), then confirmed; the confirm runs as a job whose progress a client polls.
-- The uploaded text is personal data, so it is kept only until the import ends (the chunks are
-- deleted when the job finishes, and unconfirmed uploads after a day).

CREATE TABLE import_job (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES school (id),
  kind text NOT NULL CHECK (kind IN ('pupils', 'staff', 'marks')),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  -- Pupils: the day the file describes (group moves, leaving date of pupils missing from it).
  effective_date date,
  state text NOT NULL CHECK (state IN ('uploading', 'previewed', 'running', 'done', 'failed')),
  received_chars bigint NOT NULL DEFAULT 0 CHECK (received_chars >= 0),
  chunk_count integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
  -- The preview as the API returns it (importPreviewSchema).
  preview jsonb,
  skip_bad_rows boolean NOT NULL DEFAULT false,
  rows_done integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
  rows_total integer NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
  phase text,
  -- What the write did (importChangesSchema), once done.
  result jsonb,
  error text,
  finished_at timestamptz
);
CREATE INDEX import_job_school_idx ON import_job (school_id, created_at);

CREATE TABLE import_chunk (
  import_id uuid NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  body text NOT NULL,
  PRIMARY KEY (import_id, chunk_index)
);
