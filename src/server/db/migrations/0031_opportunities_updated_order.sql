-- The opportunity list's default order (last updated first) for a wide scope: a search with many
-- matches (the global search's common words beyond 1,000 matches) walks it and stops at a page,
-- instead of reading and sorting every opportunity (opportunities.queries.ts listOpportunities).
CREATE INDEX IF NOT EXISTS "opportunities_updated_idx" ON "opportunities" USING btree ("updated_at","id") WHERE "opportunities"."deleted_at" is null;
--> statement-breakpoint
-- The same for one owner (scope own): with only the index above, PostgreSQL walked it past every
-- other owner's opportunities (35,000 of 50,000) for a salesperson's common word.
CREATE INDEX IF NOT EXISTS "opportunities_owner_updated_idx" ON "opportunities" USING btree ("owner_id","updated_at","id") WHERE "opportunities"."deleted_at" is null;
