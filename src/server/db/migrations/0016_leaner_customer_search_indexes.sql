-- Fewer, smaller search indexes on customers, so that writing a customer (and importing
-- thousands) costs less. Every index is maintained on every insert: at 1,000,000 customers an
-- import of 20,000 spent ~5 s inserting them, ~3 s of it in the five GIN indexes (docs/benchmarks.md).
-- * The name, number and initials trigram indexes go. Names and initials are found through the
--   bigram index for any query of two or more characters (a row can contain the query only if it
--   has all its bigrams; LIKE rechecks the few candidates), and numbers by prefix through the
--   unique btree on number (the builtin C.UTF-8 collation lets a btree serve LIKE 'prefix%').
-- * The bigram index covers the name and the pinyin initials, no longer the number: a number's
--   bigrams are digits and the industry code, shared by most customers, so they selected little
--   and were a third of the index.
-- The trigram index on name_key stays: the duplicate check's similarity (%) needs it.
DROP INDEX IF EXISTS customers_name_trgm_idx;--> statement-breakpoint
DROP INDEX IF EXISTS customers_name_initials_trgm_idx;--> statement-breakpoint
DROP INDEX IF EXISTS customers_number_trgm_idx;--> statement-breakpoint
DROP INDEX IF EXISTS customers_search_bigrams_idx;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_search_bigrams_idx ON customers
USING gin (kehu_bigrams(name || ' ' || name_initials)) WHERE deleted_at IS NULL;
