ALTER TABLE "contacts" ADD COLUMN "phone_digits" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The search box (customers.queries.ts searchFilter): pinyin of customer names, contact names,
-- phone digits and e-mails, all matched with LIKE '%…%' served by trigram indexes.
CREATE INDEX IF NOT EXISTS customers_name_initials_trgm_idx ON customers USING gin (name_initials gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_name_pinyin_idx ON customers (name_pinyin text_pattern_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_number_trgm_idx ON customers USING gin (number gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_name_trgm_idx ON contacts USING gin (name gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_phone_digits_trgm_idx ON contacts USING gin (phone_digits gin_trgm_ops) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_email_trgm_idx ON contacts USING gin (lower(email) gin_trgm_ops) WHERE deleted_at IS NULL;
