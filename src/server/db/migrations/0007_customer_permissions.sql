-- Issue 4 adds customers, contacts, leads and settings to the permission catalogue. Installs
-- created before get the new rights on their built-in roles (fresh installs get them from
-- BUILTIN_ROLES in roles.rules.ts). Rights an admin removed earlier are not affected: only the
-- new resources are added.
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contact:create","contact:delete","contact:export","contact:read","contact:update","customer:assign","customer:create","customer:delete","customer:export","customer:read","customer:update","lead:assign","lead:create","lead:delete","lead:export","lead:read","lead:update","setting:read","setting:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'admin';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contact:create","contact:delete","contact:export","contact:read","contact:update","customer:assign","customer:create","customer:delete","customer:export","customer:read","customer:update","lead:assign","lead:create","lead:delete","lead:export","lead:read","lead:update","setting:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'manager';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contact:create","contact:delete","contact:read","contact:update","customer:create","customer:export","customer:read","customer:update","lead:create","lead:read","lead:update","setting:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'sales';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contact:read","contact:update","customer:read","setting:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'service';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contact:read","customer:export","customer:read","lead:assign","lead:create","lead:delete","lead:export","lead:read","lead:update","setting:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'marketing';
