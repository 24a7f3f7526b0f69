-- 营销活动 (issue 17): campaigns with their costs and members; leads carry the campaign they came
-- through (the first; each of its sources names its own). The database keeps a lead's membership:
-- a lead registered with, moved to or merged with a source of a campaign becomes its member
-- (已回应), and a converted lead's memberships become 已转化, so the leads module, below the
-- campaigns' members in the module graph, never writes them.
CREATE TABLE "campaign_costs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"spent_on" date NOT NULL,
	"item" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"supplier" text,
	"notes" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"goal" text,
	"goal_target" bigint,
	"channel" text,
	"starts_on" date,
	"ends_on" date,
	"budget_fen" bigint,
	"cost_fen" bigint DEFAULT 0 NOT NULL,
	"notes" text,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "campaign_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid,
	"lead_id" uuid,
	"status" text DEFAULT 'added' NOT NULL,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" uuid,
	CONSTRAINT "campaign_members_one_record" CHECK (num_nonnulls("campaign_members"."contact_id", "campaign_members"."lead_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_costs" ADD CONSTRAINT "campaign_costs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_costs" ADD CONSTRAINT "campaign_costs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_costs_campaign_idx" ON "campaign_costs" USING btree ("campaign_id","spent_on");--> statement-breakpoint
CREATE INDEX "campaigns_owner_idx" ON "campaigns" USING btree ("owner_id","created_at","id") WHERE "campaigns"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "campaigns_department_idx" ON "campaigns" USING btree ("department_id","created_at","id") WHERE "campaigns"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "campaigns_created_idx" ON "campaigns" USING btree ("created_at","id") WHERE "campaigns"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_members_contact_uq" ON "campaign_members" USING btree ("campaign_id","contact_id") WHERE "campaign_members"."contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_members_lead_uq" ON "campaign_members" USING btree ("campaign_id","lead_id") WHERE "campaign_members"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "campaign_members_list_idx" ON "campaign_members" USING btree ("campaign_id","added_at","id");--> statement-breakpoint
CREATE INDEX "campaign_members_contact_idx" ON "campaign_members" USING btree ("contact_id") WHERE "campaign_members"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "campaign_members_lead_idx" ON "campaign_members" USING btree ("lead_id") WHERE "campaign_members"."lead_id" is not null;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leads_campaign_idx" ON "leads" USING btree ("campaign_id","created_at","id") WHERE "leads"."deleted_at" is null and "leads"."campaign_id" is not null;--> statement-breakpoint
CREATE FUNCTION kehu_leads_join_campaign_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_members (campaign_id, lead_id, status, source, added_by)
    SELECT c.campaign_id, n.id, CASE WHEN n.status = 'converted' THEN 'converted' ELSE 'responded' END, 'lead', n.created_by
    FROM new_rows n
    CROSS JOIN LATERAL (
      SELECT n.campaign_id AS campaign_id WHERE n.campaign_id IS NOT NULL
      UNION
      SELECT (s ->> 'campaignId')::uuid FROM jsonb_array_elements(n.sources) s WHERE s ->> 'campaignId' IS NOT NULL
    ) c
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER leads_join_campaign_insert AFTER INSERT ON "leads" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kehu_leads_join_campaign_on_insert();--> statement-breakpoint
CREATE FUNCTION kehu_leads_join_campaign_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.campaign_id IS DISTINCT FROM OLD.campaign_id OR NEW.sources IS DISTINCT FROM OLD.sources THEN
    -- Every campaign the lead came through; those it is a member of already stay as they are.
    INSERT INTO campaign_members (campaign_id, lead_id, status, source)
      SELECT c.campaign_id, NEW.id, CASE WHEN NEW.status = 'converted' THEN 'converted' ELSE 'responded' END, 'lead'
      FROM (
        SELECT NEW.campaign_id AS campaign_id WHERE NEW.campaign_id IS NOT NULL
        UNION
        SELECT (s ->> 'campaignId')::uuid FROM jsonb_array_elements(NEW.sources) s WHERE s ->> 'campaignId' IS NOT NULL
      ) c
      ON CONFLICT DO NOTHING;
  END IF;
  IF NEW.status = 'converted' AND OLD.status IS DISTINCT FROM 'converted' THEN
    UPDATE campaign_members SET status = 'converted', status_at = now() WHERE lead_id = NEW.id AND status <> 'converted';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER leads_join_campaign_update AFTER UPDATE OF campaign_id, sources, status ON "leads" FOR EACH ROW
  WHEN (NEW.campaign_id IS DISTINCT FROM OLD.campaign_id OR NEW.sources IS DISTINCT FROM OLD.sources OR (NEW.status = 'converted' AND OLD.status IS DISTINCT FROM 'converted'))
  EXECUTE FUNCTION kehu_leads_join_campaign_on_update();
