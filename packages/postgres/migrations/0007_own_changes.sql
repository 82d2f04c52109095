-- Issue #15 (ADR 0012, amended 2026-12-02): own-change accounting and hashed channel tokens.

-- Notifications Frontdesk expects because it wrote its own event on the calendar: a notification
-- one of them explains is not listed at once (a deferred verification listing follows instead).
-- Its own table, not calendar_sync_state: a write may come before the calendar was ever listed, and
-- a row there would look like a calendar the sync knows.
CREATE TABLE calendar_own_changes (
  business_id text NOT NULL,
  calendar_id text NOT NULL,
  expected integer NOT NULL CHECK (expected >= 0),
  -- When the latest expectation was recorded; older than the window (about a minute), they are void.
  expected_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, calendar_id)
);

-- Channel tokens are kept as their sha256 (hex): the table no longer holds a secret Google echoes.
ALTER TABLE calendar_watch_channels ADD COLUMN token_hash text;
UPDATE calendar_watch_channels SET token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE calendar_watch_channels ALTER COLUMN token_hash SET NOT NULL;
ALTER TABLE calendar_watch_channels DROP COLUMN token;
