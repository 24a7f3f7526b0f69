CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"user_id" uuid,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_fetched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customer_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"content" text,
	"status" text DEFAULT 'open' NOT NULL,
	"handler_id" uuid,
	"handling_notes" text,
	"outcome" text,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "follow_up_methods" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"customer_id" uuid,
	"contact_id" uuid,
	"lead_id" uuid,
	"method" text NOT NULL,
	"happened_at" timestamp with time zone NOT NULL,
	"content" text NOT NULL,
	"feedback" text,
	"agreements" text,
	"open_questions" text,
	"next_action" text,
	"next_follow_up_at" timestamp with time zone,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"title" text NOT NULL,
	"type" text DEFAULT 'other' NOT NULL,
	"description" text,
	"due_at" timestamp with time zone NOT NULL,
	"reminder_minutes" integer,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"assignee_id" uuid NOT NULL,
	"department_id" uuid,
	"customer_id" uuid,
	"contact_id" uuid,
	"lead_id" uuid,
	"follow_up_id" uuid
);
--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid,
	"lead_id" uuid,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_id" uuid,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "last_follow_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_feedback" ADD CONSTRAINT "customer_feedback_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_feedback" ADD CONSTRAINT "customer_feedback_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_feedback" ADD CONSTRAINT "customer_feedback_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_method_follow_up_methods_code_fk" FOREIGN KEY ("method") REFERENCES "public"."follow_up_methods"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_follow_up_id_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."follow_ups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_outbox_created_idx" ON "mail_outbox" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "mail_outbox_queued_idx" ON "mail_outbox" USING btree ("created_at") WHERE "mail_outbox"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "calendar_feeds_token_idx" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_user_idx" ON "calendar_feeds" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "customer_feedback_customer_idx" ON "customer_feedback" USING btree ("customer_id","created_at","id") WHERE "customer_feedback"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customer_feedback_created_idx" ON "customer_feedback" USING btree ("created_at","id") WHERE "customer_feedback"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customer_feedback_handler_idx" ON "customer_feedback" USING btree ("handler_id","created_at") WHERE "customer_feedback"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "follow_ups_customer_idx" ON "follow_ups" USING btree ("customer_id","happened_at","id") WHERE "follow_ups"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "follow_ups_lead_idx" ON "follow_ups" USING btree ("lead_id","happened_at","id") WHERE "follow_ups"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "follow_ups_owner_idx" ON "follow_ups" USING btree ("owner_id","happened_at","id") WHERE "follow_ups"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_assignee_due_idx" ON "tasks" USING btree ("assignee_id","due_at","id") WHERE "tasks"."deleted_at" is null and "tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "tasks_assignee_all_idx" ON "tasks" USING btree ("assignee_id","due_at","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_department_due_idx" ON "tasks" USING btree ("department_id","due_at","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_customer_idx" ON "tasks" USING btree ("customer_id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_lead_idx" ON "tasks" USING btree ("lead_id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_reminders_due_idx" ON "tasks" USING btree ("remind_at") WHERE "tasks"."reminded_at" is null and "tasks"."remind_at" is not null and "tasks"."status" = 'open' and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "timeline_events_customer_idx" ON "timeline_events" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "timeline_events_lead_idx" ON "timeline_events" USING btree ("lead_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "timeline_events_entity_idx" ON "timeline_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_type","owner_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_storage_key_idx" ON "attachments" USING btree ("storage_key");--> statement-breakpoint
-- A follow-up belongs to a customer, or to a lead not yet converted (it joins the customer then).
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_customer_or_lead" CHECK ("customer_id" IS NOT NULL OR "lead_id" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_reminder_offset" CHECK ("reminder_minutes" IS NULL OR "reminder_minutes" BETWEEN 0 AND 43200);--> statement-breakpoint
INSERT INTO "follow_up_methods" ("code", "name_zh", "name_en", "sort_order") VALUES
  ('phone', '电话', 'Phone call', 10),
  ('visit', '拜访', 'Visit', 20),
  ('email', '邮件', 'E-mail', 30),
  ('online_meeting', '线上会议', 'Online meeting', 40),
  ('demo', '产品演示', 'Product demo', 50),
  ('other', '其他', 'Other', 90)
ON CONFLICT ("code") DO NOTHING;--> statement-breakpoint
-- Live notifications: every committed notification wakes the API processes listening on
-- kehu_notifications with its user's id, so each can push the new count to that user's open
-- pages (Server-Sent Events). One NOTIFY per user and statement; PostgreSQL also folds repeats
-- within a transaction.
CREATE OR REPLACE FUNCTION kehu_notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE u uuid;
BEGIN
  FOR u IN SELECT DISTINCT user_id FROM new_rows LOOP
    PERFORM pg_notify('kehu_notifications', u::text);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER notifications_notify_insert AFTER INSERT ON "notifications" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kehu_notifications_notify();--> statement-breakpoint
CREATE TRIGGER notifications_notify_update AFTER UPDATE ON "notifications" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kehu_notifications_notify();
-- Issue 5 adds follow-ups, tasks and feedback to the permission catalogue: installs created
-- before get them on their built-in roles (fresh installs from BUILTIN_ROLES in roles.rules.ts).
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["feedback:create","feedback:delete","feedback:export","feedback:read","feedback:update","follow_up:create","follow_up:delete","follow_up:export","follow_up:read","follow_up:update","task:assign","task:create","task:delete","task:read","task:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'admin';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["feedback:create","feedback:delete","feedback:export","feedback:read","feedback:update","follow_up:create","follow_up:delete","follow_up:export","follow_up:read","follow_up:update","task:assign","task:create","task:delete","task:read","task:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'manager';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["feedback:create","feedback:read","feedback:update","follow_up:create","follow_up:delete","follow_up:read","follow_up:update","task:create","task:delete","task:read","task:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'sales';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["feedback:create","feedback:delete","feedback:export","feedback:read","feedback:update","follow_up:create","follow_up:read","follow_up:update","task:create","task:delete","task:read","task:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'service';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["feedback:read","follow_up:create","follow_up:read","task:create","task:delete","task:read","task:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'marketing';
