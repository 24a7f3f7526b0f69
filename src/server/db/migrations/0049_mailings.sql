-- 邮件营销 (issue 17): mailings of a campaign, their recipients (one row per address, snapshotted
-- when sending starts; the sender's queue is the partial index of rows left to send), clicks per
-- link, and the suppression list every send honours.
CREATE TABLE "mailing_clicks" (
	"recipient_id" uuid NOT NULL,
	"link" smallint NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"bot_clicks" integer DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mailing_clicks_recipient_id_link_pk" PRIMARY KEY("recipient_id","link")
);
--> statement-breakpoint
CREATE TABLE "mailing_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailing_id" uuid NOT NULL,
	"contact_id" uuid,
	"lead_id" uuid,
	"email" text NOT NULL,
	"data" jsonb NOT NULL,
	"variant" text,
	"status" text NOT NULL,
	"skip_reason" text,
	"error" text,
	"sending_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"first_opened_at" timestamp with time zone,
	"opens" integer DEFAULT 0 NOT NULL,
	"first_clicked_at" timestamp with time zone,
	"clicks" integer DEFAULT 0 NOT NULL,
	"bot_events" integer DEFAULT 0 NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mailings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"ab_test" jsonb,
	"html" text NOT NULL,
	"text" text,
	"from_name" text,
	"reply_to" text,
	"segment_id" uuid,
	"contacts" text DEFAULT 'primary' NOT NULL,
	"tracking" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"winner" text,
	"decide_at" timestamp with time zone,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"base_url" text,
	"no_address" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"mailing_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_channel_address_pk" PRIMARY KEY("channel","address"),
	CONSTRAINT "suppressions_lower_ck" CHECK ("suppressions"."address" = lower("suppressions"."address"))
);
--> statement-breakpoint
ALTER TABLE "mailing_clicks" ADD CONSTRAINT "mailing_clicks_recipient_id_mailing_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."mailing_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_recipients" ADD CONSTRAINT "mailing_recipients_mailing_id_mailings_id_fk" FOREIGN KEY ("mailing_id") REFERENCES "public"."mailings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_recipients" ADD CONSTRAINT "mailing_recipients_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_recipients" ADD CONSTRAINT "mailing_recipients_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailings" ADD CONSTRAINT "mailings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailings" ADD CONSTRAINT "mailings_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailings" ADD CONSTRAINT "mailings_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailings" ADD CONSTRAINT "mailings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_mailing_id_mailings_id_fk" FOREIGN KEY ("mailing_id") REFERENCES "public"."mailings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mailing_recipients_address_uq" ON "mailing_recipients" USING btree ("mailing_id","email");--> statement-breakpoint
CREATE INDEX "mailing_recipients_queue_idx" ON "mailing_recipients" USING btree ("mailing_id","seq") WHERE "mailing_recipients"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "mailing_recipients_list_idx" ON "mailing_recipients" USING btree ("mailing_id","seq","id");--> statement-breakpoint
CREATE INDEX "mailing_recipients_contact_idx" ON "mailing_recipients" USING btree ("contact_id") WHERE "mailing_recipients"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "mailing_recipients_lead_idx" ON "mailing_recipients" USING btree ("lead_id") WHERE "mailing_recipients"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "mailings_campaign_idx" ON "mailings" USING btree ("campaign_id","created_at") WHERE "mailings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "mailings_owner_idx" ON "mailings" USING btree ("owner_id","created_at","id") WHERE "mailings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "mailings_department_idx" ON "mailings" USING btree ("department_id","created_at","id") WHERE "mailings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "mailings_created_idx" ON "mailings" USING btree ("created_at","id") WHERE "mailings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "mailings_active_idx" ON "mailings" USING btree ("status") WHERE "mailings"."status" in ('sending', 'testing');--> statement-breakpoint
CREATE INDEX "suppressions_created_idx" ON "suppressions" USING btree ("created_at","address");