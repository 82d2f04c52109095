-- Frontdesk schema, version 1.
-- Every timestamp is written by the application (effect Clock) so all instances and the
-- in-memory adapters agree on "now"; the database only enforces invariants.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE businesses (
  id text PRIMARY KEY,
  name text NOT NULL,
  timezone text NOT NULL,
  services jsonb NOT NULL,
  hours jsonb NOT NULL,
  booking_rules jsonb NOT NULL,
  ai_config jsonb NOT NULL,
  owner_phone text,
  transfer_phone text,
  country text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A dialled number identifies exactly one business; the primary key makes a second claim fail.
CREATE TABLE business_phone_numbers (
  phone_number text PRIMARY KEY,
  business_id text NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  position integer NOT NULL
);
CREATE INDEX business_phone_numbers_business ON business_phone_numbers (business_id);

CREATE TABLE bookings (
  id text PRIMARY KEY,
  business_id text NOT NULL,
  customer_name text NOT NULL,
  customer_phone text NOT NULL,
  service text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
  external_event_id text,
  calendar_sync text NOT NULL CHECK (calendar_sync IN ('pending', 'synced', 'failed', 'not_applicable')),
  source_call_sid text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT bookings_range_valid CHECK (starts_at < ends_at),
  -- Two callers racing for one slot: the database, not application code, decides (SQLSTATE 23P01).
  -- tstzrange is half-open [start, end), so back-to-back bookings do not collide.
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    business_id WITH =,
    tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status = 'confirmed')
);
CREATE INDEX bookings_business_created ON bookings (business_id, created_at DESC, id DESC);
CREATE INDEX bookings_customer_upcoming ON bookings (business_id, customer_phone, starts_at)
  WHERE status = 'confirmed';

CREATE TABLE call_sessions (
  call_sid text PRIMARY KEY,
  business_id text NOT NULL,
  state jsonb NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  updated_at timestamptz NOT NULL
);
CREATE INDEX call_sessions_updated ON call_sessions (updated_at);

-- Refresh tokens are stored only as AES-256-GCM ciphertext; key_id names the key that sealed the row.
CREATE TABLE calendar_credentials (
  business_id text PRIMARY KEY,
  provider text NOT NULL,
  key_id text NOT NULL,
  iv bytea NOT NULL,
  ciphertext bytea NOT NULL,
  auth_tag bytea NOT NULL,
  scope text NOT NULL,
  status text NOT NULL CHECK (status IN ('connected', 'broken')),
  broken_reason text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX calendar_credentials_key ON calendar_credentials (key_id);

CREATE TABLE outbox_jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  dedupe_key text,
  status text NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  leased_until timestamptz,
  last_error text,
  done_at timestamptz,
  created_at timestamptz NOT NULL
);
-- At most one live (pending) job per dedupe key; a duplicate enqueue is dropped by ON CONFLICT.
CREATE UNIQUE INDEX outbox_jobs_dedupe_pending ON outbox_jobs (dedupe_key) WHERE status = 'pending';
CREATE INDEX outbox_jobs_due ON outbox_jobs (next_attempt_at, id) WHERE status = 'pending';
