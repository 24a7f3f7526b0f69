-- The list's filter indexes carry the id (issue 16), so a filter's matches can be merged with a
-- tag's by id from the indexes alone (customers.queries.ts taggedAmong) instead of reading each
-- match's row: a manager's industry + tag list at 1,000,000 customers read 8,000 heap pages.
DROP INDEX "customers_industry_idx";--> statement-breakpoint
DROP INDEX "customers_region_idx";--> statement-breakpoint
DROP INDEX "customers_source_channel_idx";--> statement-breakpoint
CREATE INDEX "customers_industry_idx" ON "customers" USING btree ("industry_code","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("region","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_source_channel_idx" ON "customers" USING btree ("source_channel","id") WHERE "customers"."deleted_at" is null;