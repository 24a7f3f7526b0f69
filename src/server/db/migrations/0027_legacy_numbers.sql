ALTER TABLE "customers" ADD COLUMN "legacy_number" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "legacy_number" text;--> statement-breakpoint
CREATE INDEX "customers_legacy_number_idx" ON "customers" USING btree ("legacy_number") WHERE "customers"."legacy_number" is not null;--> statement-breakpoint
CREATE INDEX "leads_legacy_number_idx" ON "leads" USING btree ("legacy_number") WHERE "leads"."legacy_number" is not null;