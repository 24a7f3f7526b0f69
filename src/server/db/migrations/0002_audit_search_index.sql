-- Text search in the audit log ("who touched 华信…") over millions of rows: one trigram index on
-- the searchable text, matched by the same expression in modules/audit/audit.queries.ts.
-- pg_trgm is a trusted extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS audit_log_search_trgm_idx ON audit_log
USING gin ((coalesce(actor_name, '') || ' ' || coalesce(entity_label, '') || ' ' || coalesce(entity_id, '')) gin_trgm_ops);
