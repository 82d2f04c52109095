-- What the receptionist may tell callers (address, parking, policies, FAQ), the currency of service
-- prices, and holidays on which availability offers nothing although the weekly hours say open.
ALTER TABLE businesses ADD COLUMN currency text NOT NULL DEFAULT 'USD';
ALTER TABLE businesses ADD COLUMN profile jsonb NOT NULL DEFAULT '{"faq":[]}'::jsonb;
ALTER TABLE businesses ADD COLUMN closed_dates jsonb NOT NULL DEFAULT '[]'::jsonb;
