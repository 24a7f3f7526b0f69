import { z } from 'zod';
import { isoDateTime, listQuery } from './common.ts';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'login',
  'login_failed',
  'login_locked',
  'logout',
  'password_change',
  'password_change_failed',
  'password_reset',
  'token_create',
  'token_revoke',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

/**
 * The record types written to the audit log: each module adds its own from its manifest
 * (`auditTypes`, see docs/module-manifest.md), so an undeclared type does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the module manifests
export interface AuditTypeRegistry {}
export type AuditEntityType = Extract<keyof AuditTypeRegistry, string>;
export type AuditAction = z.infer<typeof auditActionSchema>;

/** Field-level diff: field → [before, after]. Sensitive values are masked as "***". */
export const auditChanges = z.record(z.string(), z.tuple([z.unknown(), z.unknown()]));
export type AuditChanges = z.infer<typeof auditChanges>;

export const auditEntry = z
  .object({
    id: z.uuid(),
    at: isoDateTime,
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    ip: z.string().nullable(),
    action: auditActionSchema,
    entityType: z.string(),
    entityId: z.string().nullable(),
    entityLabel: z.string().nullable(),
    changes: auditChanges.nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;

/** A record type of the audit log with its name in the reader's language (the filter's choices). */
export const auditEntityTypeLabel = z.object({ value: z.string(), label: z.string() }).meta({ id: 'AuditEntityType' });
export const auditEntityTypes = z.object({ items: z.array(auditEntityTypeLabel) });
export type AuditEntityTypes = z.infer<typeof auditEntityTypes>;

export const listAuditQuery = listQuery.extend({
  actorId: z.uuid().optional(),
  action: auditActionSchema.optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
