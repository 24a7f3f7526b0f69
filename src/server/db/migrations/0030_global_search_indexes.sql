-- The header's global search (GET /api/v1/search) without reading whole tables: each branch of
-- the contacts' and the leads' search gets an index that serves it under any database collation
-- (contacts.queries.ts searchContacts, leads.queries.ts searchFilter repeat these expressions).
-- * contacts: the full pinyin by prefix (text_pattern_ops: LIKE 'prefix%' through a btree even
--   where the collation is not C) and the pinyin initials anywhere, through bigrams (initials
--   are two or three letters, which trigrams cannot serve). Names, e-mails and phone digits
--   already have theirs (0010, 0014). And the search's order (primary first, newest), so a
--   common word (more than 1,000 matches: `wang`, `ng`) walks it and stops at a page instead of
--   reading every contact (200 ms → 2–5 ms at 200,000 contacts).
-- * leads: company, contact, number, legacy number and e-mail through one bigram index (a name
--   part is mostly two characters), the phone through trigrams (4+ digits).
-- * opportunities (name), orders (number), quotes and contracts (number and title): one bigram
--   index each (opportunities.queries.ts opportunitySearchBranches and the like); opportunities
--   and orders are also found by their customer's name, through the customers' bigram index.
CREATE INDEX IF NOT EXISTS contacts_name_pinyin_idx ON contacts (name_pinyin text_pattern_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_initials_bigrams_idx ON contacts USING gin (kehu_bigrams(name_initials)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_search_order_idx ON contacts (is_primary DESC, created_at DESC, id) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_search_bigrams_idx ON leads
USING gin (kehu_bigrams(coalesce(company_name, '') || ' ' || contact_name || ' ' || number || ' ' || coalesce(legacy_number, '') || ' ' || coalesce(lower(email), ''))) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_phone_trgm_idx ON leads USING gin (phone gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS opportunities_search_bigrams_idx ON opportunities USING gin (kehu_bigrams(name)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS orders_search_bigrams_idx ON orders USING gin (kehu_bigrams(number)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS quotes_search_bigrams_idx ON quotes USING gin (kehu_bigrams(number || ' ' || title)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contracts_search_bigrams_idx ON contracts USING gin (kehu_bigrams(number || ' ' || title)) WHERE deleted_at IS NULL;
