-- The owner's console (issue #13): call records with transcripts, owner accounts and their
-- invites, and signed-in browser sessions.

-- One row per call; `turns` is the transcript as a JSON array of {at, speaker, text}, appended to
-- on each webhook. Purged CALL_RETENTION_DAYS after the call started.
CREATE TABLE call_records (
  call_sid text PRIMARY KEY,
  -- Ties on started_at still list in the order calls came in.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  business_id text NOT NULL,
  caller text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  outcome text NOT NULL,
  booking_id text,
  turns jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX call_records_business_started ON call_records (business_id, started_at DESC, seq DESC);
CREATE INDEX call_records_started ON call_records (started_at);

CREATE TABLE owner_accounts (
  id text PRIMARY KEY,
  business_id text NOT NULL,
  -- Normalized (trimmed, lower case) by the adapter; one account per address.
  email text NOT NULL UNIQUE,
  -- scrypt parameters, salt and hash; never the password.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX owner_accounts_business ON owner_accounts (business_id);

-- Only the SHA-256 of an invite link's token is kept.
CREATE TABLE owner_invites (
  token_hash text PRIMARY KEY,
  business_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- A signed-in browser, by the SHA-256 of its cookie. subject_kind 'operator' has no business.
CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  subject_kind text NOT NULL CHECK (subject_kind IN ('operator', 'owner')),
  account_id text,
  business_id text,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  oauth_state_hash text,
  CHECK ((subject_kind = 'owner') = (account_id IS NOT NULL AND business_id IS NOT NULL))
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
CREATE INDEX console_sessions_oauth_state ON console_sessions (oauth_state_hash) WHERE oauth_state_hash IS NOT NULL;
