-- 短信营销 (issue 17): SMS sends of a campaign and their recipients (provider ids for receipts,
-- a short link code each).
CREATE TABLE "sms_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"send_id" uuid NOT NULL,
	"contact_id" uuid,
	"lead_id" uuid,
	"phone" text NOT NULL,
	"data" jsonb NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"biz_id" text,
	"short_code" text NOT NULL,
	"sending_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"clicks" integer DEFAULT 0 NOT NULL,
	"bot_clicks" integer DEFAULT 0 NOT NULL,
	"first_clicked_at" timestamp with time zone,
	"opted_out_at" timestamp with time zone,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sign_name" text NOT NULL,
	"template_code" text NOT NULL,
	"text" text NOT NULL,
	"params" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"link_url" text,
	"segment_id" uuid,
	"contacts" text DEFAULT 'primary' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"base_url" text,
	"no_address" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
ALTER TABLE "sms_recipients" ADD CONSTRAINT "sms_recipients_send_id_sms_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."sms_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_recipients" ADD CONSTRAINT "sms_recipients_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_recipients" ADD CONSTRAINT "sms_recipients_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sends" ADD CONSTRAINT "sms_sends_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sends" ADD CONSTRAINT "sms_sends_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sends" ADD CONSTRAINT "sms_sends_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sends" ADD CONSTRAINT "sms_sends_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sms_recipients_phone_uq" ON "sms_recipients" USING btree ("send_id","phone");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_recipients_short_code_uq" ON "sms_recipients" USING btree ("short_code");--> statement-breakpoint
CREATE INDEX "sms_recipients_queue_idx" ON "sms_recipients" USING btree ("send_id","seq") WHERE "sms_recipients"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "sms_recipients_list_idx" ON "sms_recipients" USING btree ("send_id","seq","id");--> statement-breakpoint
CREATE INDEX "sms_recipients_phone_idx" ON "sms_recipients" USING btree ("phone","sent_at");--> statement-breakpoint
CREATE INDEX "sms_sends_campaign_idx" ON "sms_sends" USING btree ("campaign_id","created_at") WHERE "sms_sends"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sms_sends_owner_idx" ON "sms_sends" USING btree ("owner_id","created_at","id") WHERE "sms_sends"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sms_sends_department_idx" ON "sms_sends" USING btree ("department_id","created_at","id") WHERE "sms_sends"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sms_sends_created_idx" ON "sms_sends" USING btree ("created_at","id") WHERE "sms_sends"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sms_sends_active_idx" ON "sms_sends" USING btree ("status") WHERE "sms_sends"."status" = 'sending';