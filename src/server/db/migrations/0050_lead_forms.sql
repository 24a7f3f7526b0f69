-- 表单获客 (issue 17): web-to-lead forms and their submissions (outcome, rate-limit key).
CREATE TABLE "lead_form_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ip_key" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"lead_id" uuid,
	"contact_name" text
);
--> statement-breakpoint
CREATE TABLE "lead_forms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"fields" jsonb NOT NULL,
	"channel" text NOT NULL,
	"campaign_id" uuid,
	"consent_text" text,
	"thank_you_message" text NOT NULL,
	"redirect_url" text,
	"allowed_origins" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
ALTER TABLE "lead_form_submissions" ADD CONSTRAINT "lead_form_submissions_form_id_lead_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."lead_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_submissions" ADD CONSTRAINT "lead_form_submissions_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_form_submissions_form_idx" ON "lead_form_submissions" USING btree ("form_id","at");--> statement-breakpoint
CREATE INDEX "lead_form_submissions_ip_idx" ON "lead_form_submissions" USING btree ("ip_key","at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_forms_slug_uq" ON "lead_forms" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "lead_forms_owner_idx" ON "lead_forms" USING btree ("owner_id","created_at","id") WHERE "lead_forms"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "lead_forms_department_idx" ON "lead_forms" USING btree ("department_id","created_at","id") WHERE "lead_forms"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "lead_forms_created_idx" ON "lead_forms" USING btree ("created_at","id") WHERE "lead_forms"."deleted_at" is null;