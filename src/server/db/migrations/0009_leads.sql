CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"company_name" text,
	"company_key" text,
	"contact_name" text NOT NULL,
	"title" text,
	"phone" text,
	"email" text,
	"needs" text,
	"need_match" text DEFAULT 'unclear' NOT NULL,
	"budget" text DEFAULT 'unclear' NOT NULL,
	"authority" text DEFAULT 'unclear' NOT NULL,
	"computed_grade" text NOT NULL,
	"grade" text NOT NULL,
	"grade_override_reason" text,
	"graded_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"owner_id" uuid,
	"department_id" uuid,
	"assigned_at" timestamp with time zone,
	"registered_at" timestamp with time zone NOT NULL,
	"sla_breached_at" timestamp with time zone,
	"customer_id" uuid,
	"contact_id" uuid,
	"converted_at" timestamp with time zone,
	"merged_into_id" uuid
);
--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_merged_into_id_leads_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_number_uq" ON "leads" USING btree ("number");--> statement-breakpoint
CREATE INDEX "leads_owner_idx" ON "leads" USING btree ("owner_id","created_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_department_idx" ON "leads" USING btree ("department_id","created_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("created_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_sla_idx" ON "leads" USING btree ("graded_at") WHERE "leads"."deleted_at" is null and "leads"."grade" = 'A' and "leads"."owner_id" is null and "leads"."sla_breached_at" is null;--> statement-breakpoint
CREATE INDEX "leads_phone_idx" ON "leads" USING btree ("phone") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_email_idx" ON "leads" USING btree (lower("email")) WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_company_key_idx" ON "leads" USING btree ("company_key") WHERE "leads"."deleted_at" is null;