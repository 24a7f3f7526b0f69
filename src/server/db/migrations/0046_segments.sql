-- 客户分群 (issue 17): saved segments (a condition tree evaluated in the user's scope) and static
-- lists with their records.
CREATE TABLE "segment_records" (
	"segment_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" uuid,
	CONSTRAINT "segment_records_segment_id_record_id_pk" PRIMARY KEY("segment_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"name" text NOT NULL,
	"description" text,
	"entity" text NOT NULL,
	"kind" text NOT NULL,
	"definition" jsonb,
	"shared" boolean DEFAULT false NOT NULL,
	"source_segment_id" uuid,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
ALTER TABLE "segment_records" ADD CONSTRAINT "segment_records_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_records" ADD CONSTRAINT "segment_records_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_source_segment_id_segments_id_fk" FOREIGN KEY ("source_segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_records_record_idx" ON "segment_records" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "segments_owner_idx" ON "segments" USING btree ("owner_id","created_at","id") WHERE "segments"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "segments_department_idx" ON "segments" USING btree ("department_id","created_at","id") WHERE "segments"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "segments_shared_idx" ON "segments" USING btree ("created_at","id") WHERE "segments"."deleted_at" is null and "segments"."shared";