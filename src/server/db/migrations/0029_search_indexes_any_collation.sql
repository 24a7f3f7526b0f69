-- The search box's number and legacy-number matches (customers.queries.ts searchOf) through
-- indexes that work under any database collation. A plain btree serves LIKE 'prefix%' only when
-- the collation is C (the embedded server's builtin C.UTF-8 is; libc C.UTF-8, zh_CN.UTF-8 or an
-- ICU collation of an external server are not), and number fragments (MANU-006, from three
-- characters) need trigrams: the trigram index 0016 dropped comes back, and the legacy numbers'
-- btree is rebuilt with text_pattern_ops (which serves equality as before).
DROP INDEX "customers_legacy_number_idx";--> statement-breakpoint
CREATE INDEX "customers_number_trgm_idx" ON "customers" USING gin ("number" gin_trgm_ops) WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_legacy_number_idx" ON "customers" USING btree ("legacy_number" text_pattern_ops) WHERE "customers"."legacy_number" is not null;