-- Issue #15: a shared copy of each checked calendar's busy time, kept current by incremental sync,
-- and the push channels that say when to list again. Every instance reads and writes the same rows.

-- One row per (business, calendar): the sync cursor and how fresh the copy is.
CREATE TABLE calendar_sync_state (
  business_id text NOT NULL,
  calendar_id text NOT NULL,
  sync_token text,
  synced_at timestamptz,
  horizon_end timestamptz,
  -- A notification arrived after the last listing started: the copy is stale until the next one.
  pending_since timestamptz,
  PRIMARY KEY (business_id, calendar_id)
);

-- Events that block time (free and cancelled ones are not kept). booking_id marks Frontdesk's own.
CREATE TABLE calendar_busy_events (
  business_id text NOT NULL,
  calendar_id text NOT NULL,
  event_id text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  booking_id text,
  PRIMARY KEY (business_id, calendar_id, event_id),
  FOREIGN KEY (business_id, calendar_id) REFERENCES calendar_sync_state (business_id, calendar_id) ON DELETE CASCADE
);
CREATE INDEX calendar_busy_events_range ON calendar_busy_events (business_id, starts_at, ends_at);

-- The token is the channel's shared secret with Google; it only lets its holder trigger a listing.
CREATE TABLE calendar_watch_channels (
  id text PRIMARY KEY,
  business_id text NOT NULL,
  calendar_id text NOT NULL,
  token text NOT NULL,
  resource_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX calendar_watch_channels_business ON calendar_watch_channels (business_id, created_at DESC);
