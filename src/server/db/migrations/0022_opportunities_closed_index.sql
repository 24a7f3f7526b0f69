CREATE INDEX "opportunities_closed_idx" ON "opportunities" USING btree ("closed_at") WHERE "opportunities"."deleted_at" is null and "opportunities"."closed_at" is not null;--> statement-breakpoint
-- The planner's figures for the six default stages: a table this small is never analysed by autovacuum
-- (under 50 changed rows), and without them PostgreSQL takes it for 400 rows of which 2 are open, so it
-- expected 200 times fewer open opportunities than there are and sorted and looped where it should hash.
ANALYZE "pipeline_stages";
