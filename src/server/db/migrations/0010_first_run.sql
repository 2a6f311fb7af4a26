-- 0010_first_run: a real school sets itself up without the demo (server/setup/). The server
-- prints a one-time setup link while the database has no organisation; the link's token is
-- stored as its SHA-256 only, and every token stops working once setup has created the
-- organisation, its first school and its first admin.
CREATE TABLE setup_token (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  used_at timestamptz
);

-- A school's unique reference number (URN, 6 digits, from Get Information about Schools), kept
-- beside its DfE number (local-authority number and establishment number, `123/4567`).
ALTER TABLE school ADD COLUMN urn text CHECK (urn ~ '^[0-9]{6}$');
CREATE UNIQUE INDEX school_urn_idx ON school (urn);
