-- Duplicate check and list search on customers (customers.queries.ts): exact and near matches of
-- the normalised name key, name-part search, e-mail matches of contacts.
CREATE INDEX IF NOT EXISTS customers_name_key_idx ON customers (name_key) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_name_key_trgm_idx ON customers USING gin (name_key gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_name_trgm_idx ON customers USING gin (name gin_trgm_ops) WHERE deleted_at IS NULL;
