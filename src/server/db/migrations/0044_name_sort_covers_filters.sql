-- The name order carries the scope's and the list filters' columns (issue 16), so a name-sorted list
-- with common filters tests them on the index entries and reads only the rows that pass.
DROP INDEX "customers_name_sort_idx";--> statement-breakpoint
CREATE INDEX "customers_name_sort_idx" ON "customers" USING btree ("name","id","owner_id","department_id","kind","stage","grade","industry_code","region","source_channel","last_follow_up_at","created_at") WHERE "customers"."deleted_at" is null;