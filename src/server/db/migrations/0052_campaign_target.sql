-- 目标人群 (issue 17): the segment or static list a campaign is for.
ALTER TABLE "campaigns" ADD COLUMN "target_segment_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_target_segment_id_segments_id_fk" FOREIGN KEY ("target_segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;