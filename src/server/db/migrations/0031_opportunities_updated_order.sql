-- The opportunity list's default order (last updated first) for a wide scope: a search with many
-- matches (the global search's common words beyond 1,000 matches) walks it and stops at a page,
-- instead of reading and sorting every opportunity (opportunities.queries.ts listOpportunities).
CREATE INDEX IF NOT EXISTS "opportunities_updated_idx" ON "opportunities" USING btree ("updated_at","id") WHERE "opportunities"."deleted_at" is null;
