-- Built-in role defaults now come from the module manifests and are applied by the boot's catalogue
-- sync, which gives the built-in roles only permissions it has never seen. Every permission that
-- exists today was given by migrations 0000-0021 (or at first start) already: mark them seen, so an
-- install keeps the rights its admins removed.
CREATE TABLE "seen_permissions" (
	"permission" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "seen_permissions" ("permission") SELECT jsonb_array_elements_text('["customer:read","customer:create","customer:update","customer:delete","customer:export","customer:assign","contact:read","contact:create","contact:update","contact:delete","contact:export","lead:read","lead:create","lead:update","lead:delete","lead:export","lead:assign","follow_up:read","follow_up:create","follow_up:update","follow_up:delete","follow_up:export","task:read","task:create","task:update","task:delete","task:assign","feedback:read","feedback:create","feedback:update","feedback:delete","feedback:export","product:read","product:create","product:update","product:delete","product:export","opportunity:read","opportunity:create","opportunity:update","opportunity:delete","opportunity:export","opportunity:assign","quote:read","quote:create","quote:update","quote:delete","order:read","order:create","order:update","order:delete","order:export","contract:read","contract:create","contract:update","contract:delete","contract:export","user:read","user:create","user:update","user:delete","user:export","department:read","department:create","department:update","department:delete","role:read","role:create","role:update","role:delete","role:assign","audit:read","audit:export","setting:read","setting:update"]'::jsonb) ON CONFLICT DO NOTHING;
