-- Messages callers leave for the owner, kept until the owner marks them handled. A message and
-- the outbox job that texts it are written in one statement, so a failed text never loses it.
CREATE TABLE caller_messages (
  id text PRIMARY KEY,
  -- Ties on created_at (two messages in one millisecond) still list in the order they were left.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  business_id text NOT NULL,
  call_sid text NOT NULL,
  -- NULL when the caller withheld their number.
  caller_phone text,
  -- The caller's words in full; only the owner's text is shortened.
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  handled_at timestamptz
);
CREATE INDEX caller_messages_business_created ON caller_messages (business_id, created_at DESC, seq DESC);
CREATE INDEX caller_messages_business_unhandled ON caller_messages (business_id, created_at DESC, seq DESC)
  WHERE handled_at IS NULL;
