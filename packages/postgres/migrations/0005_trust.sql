-- Who replied STOP to a business's texts (START undoes it); checked before any text is sent.
CREATE TABLE sms_opt_outs (
  business_id text NOT NULL,
  phone text NOT NULL,
  opted_out boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, phone)
);

-- Customer texts per business per hour, shared by every instance (the hourly text budget).
CREATE TABLE sms_hourly_counts (
  business_id text NOT NULL,
  hour timestamptz NOT NULL,
  sent integer NOT NULL,
  PRIMARY KEY (business_id, hour)
);

-- OAuth states issued by any instance; consuming one is a single UPDATE, so a callback replayed
-- against another instance is refused as surely as against the same one.
CREATE TABLE oauth_states (
  nonce text PRIMARY KEY,
  business_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);

-- A cancellation asked for by text ("C"), waiting for the customer's "YES" until it expires.
CREATE TABLE sms_pending_replies (
  business_id text NOT NULL,
  phone text NOT NULL,
  booking_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, phone)
);
