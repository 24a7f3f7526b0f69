import type { z } from 'zod';
import type { AuditEntityTypes, auditEntry, listAuditQuery } from '../../../contracts/audit.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type AuditQuery = Partial<z.input<typeof listAuditQuery>>;
export type AuditPage = CursorPage<typeof auditEntry>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: AuditQuery) => ['audit', 'list', query] as const,
  /** Per language: the names come translated from the server. */
  types: (language: string) => ['audit', 'types', language] as const,
};

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  return api('/audit-log', { query, signal });
}

/** The record types of the log with their names, from the module manifests. */
export function listAuditTypes(signal?: AbortSignal): Promise<AuditEntityTypes> {
  return api('/audit-log/types', { signal });
}
