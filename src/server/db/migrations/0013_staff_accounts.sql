-- 0013_staff_accounts: admins invite staff to set a password, send a new link to reset one, and
-- disable or enable accounts (server/accounts/); staff may also sign in with OpenID Connect
-- (auth/oidc*). Every link's token is stored as its SHA-256 only, as for sessions and setup.
CREATE TABLE account_link (
  token_hash text PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id),
  -- 'invitation': the account has no password yet; 'reset': it has one, which stays until used.
  kind text NOT NULL CHECK (kind IN ('invitation', 'reset')),
  created_by uuid NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  used_at timestamptz,
  -- A newer link, a failed email or disabling the account withdraws the link unused.
  withdrawn_at timestamptz
);
CREATE INDEX account_link_staff_idx ON account_link (staff_id);

-- Who did what to an account and when: created, invited, reset sent, password set, disabled,
-- enabled, signed in with OpenID Connect is not here (sign-ins are in auth_session).
CREATE TABLE account_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id),
  action text NOT NULL CHECK (
    action IN ('created', 'invitation_sent', 'reset_sent', 'password_set', 'disabled', 'enabled')
  ),
  -- NULL when the person acted on their own account (setting a password from a link).
  by_staff_id uuid REFERENCES staff (id),
  school_id uuid REFERENCES school (id),
  at timestamptz NOT NULL,
  -- How the link went: 'email' or 'shown' (no SMTP configured: shown to the admin to hand over).
  delivery text CHECK (delivery IN ('email', 'shown'))
);
CREATE INDEX account_event_staff_idx ON account_event (staff_id, at);

-- One OpenID Connect sign-in under way: its state (hashed), the PKCE verifier and nonce, and the
-- device the browser claims. Used once, within minutes (auth/oidcSignIn.ts).
CREATE TABLE oidc_attempt (
  state_hash text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  device_id uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
