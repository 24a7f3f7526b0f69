-- Campaign attribution (issue 17): a customer keeps the campaign that first brought it (the
-- converted lead's), and an opportunity the campaign it came from (picked, its lead's or its
-- customer's). opportunities.campaign_id existed without a key and nothing wrote it; any value
-- that names no campaign is cleared before the key is added. Customers converted from a lead of
-- a campaign, and their opportunities, get it now.
UPDATE "opportunities" SET "campaign_id" = NULL WHERE "campaign_id" IS NOT NULL AND "campaign_id" NOT IN (SELECT "id" FROM "campaigns");--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_campaign_idx" ON "customers" USING btree ("campaign_id") WHERE "customers"."deleted_at" is null and "customers"."campaign_id" is not null;--> statement-breakpoint
CREATE INDEX "leads_customer_idx" ON "leads" USING btree ("customer_id") WHERE "leads"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "opportunities_campaign_idx" ON "opportunities" USING btree ("campaign_id") WHERE "opportunities"."deleted_at" is null and "opportunities"."campaign_id" is not null;--> statement-breakpoint
UPDATE "customers" c SET "campaign_id" = l."campaign_id"
  FROM (SELECT DISTINCT ON ("customer_id") "customer_id", "campaign_id" FROM "leads"
        WHERE "customer_id" IS NOT NULL AND "campaign_id" IS NOT NULL AND "deleted_at" IS NULL
        ORDER BY "customer_id", "converted_at", "created_at") l
  WHERE c."id" = l."customer_id" AND c."campaign_id" IS NULL;--> statement-breakpoint
UPDATE "opportunities" o SET "campaign_id" = coalesce(
    (SELECT l."campaign_id" FROM "leads" l WHERE l."id" = o."lead_id"),
    (SELECT c."campaign_id" FROM "customers" c WHERE c."id" = o."customer_id"))
  WHERE o."campaign_id" IS NULL AND o."deleted_at" IS NULL
    AND EXISTS (SELECT 1 FROM "customers" c WHERE c."id" = o."customer_id" AND c."campaign_id" IS NOT NULL
                UNION ALL SELECT 1 FROM "leads" l WHERE l."id" = o."lead_id" AND l."campaign_id" IS NOT NULL);
