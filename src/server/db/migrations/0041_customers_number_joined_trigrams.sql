-- The numbers' trigram index on the number without its separators (issue 16). pg_trgm reads
-- non-alphanumerics as word breaks, so 2026-IT-76 was three words, each had by a large share of
-- all numbers (2026, IT, 76): at a million customers its GIN scan took 47 ms for 110 matches.
-- Joined, the fragment's trigrams span its parts (6IT, IT7, T76), which few numbers share: 4 ms.
-- The separators are those a numbering pattern may contain (numbering.rules.ts LITERAL).
DROP INDEX "customers_number_trgm_idx";--> statement-breakpoint
CREATE INDEX "customers_number_trgm_idx" ON "customers" USING gin (translate("number", '-_/', '') gin_trgm_ops) WHERE "deleted_at" IS NULL;
