-- The list's most selective filters (issue 16): a rare pair (region + industry with a few
-- hundred matches or fewer at 100,000 customers) walked a sort order's index past most of the
-- table (p95 ~65 ms); through these PostgreSQL reads the matches (bitmaps ANDed, with the
-- scope's index) and sorts them. The totals of such lists (list-total.ts) count through them too.
CREATE INDEX "customers_industry_idx" ON "customers" USING btree ("industry_code") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("region") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_source_channel_idx" ON "customers" USING btree ("source_channel") WHERE "customers"."deleted_at" is null;