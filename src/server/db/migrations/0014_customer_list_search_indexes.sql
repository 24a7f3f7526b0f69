CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_name_sort_idx" ON "customers" USING btree ("name","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_number_sort_idx" ON "customers" USING btree ("number","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
-- The search box's name parts are mostly two characters (a 字号 such as 华信, a person such as
-- 张伟), which pg_trgm cannot serve: a two-character LIKE pattern has no trigram, so the
-- trigram indexes of 0008/0010 fall back to reading every row. Character bigrams serve any query
-- of two or more characters: a row can contain the query only if it has every bigram of it, and
-- LIKE rechecks the candidates. See customers.queries.ts searchFilter, which uses the same
-- expressions.
CREATE OR REPLACE FUNCTION kehu_bigrams(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT substr(s, i, 2) FROM (SELECT lower(input) AS s) AS t, generate_series(1, char_length(s) - 1) AS i);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_search_bigrams_idx ON customers
USING gin (kehu_bigrams(name || ' ' || number || ' ' || name_initials)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_search_bigrams_idx ON contacts
USING gin (kehu_bigrams(name || ' ' || coalesce(lower(email), ''))) WHERE deleted_at IS NULL;
