import type { z } from 'zod';
import type { auditEntry, listAuditQuery } from '../../../contracts/audit.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type AuditQuery = Partial<z.input<typeof listAuditQuery>>;
export type AuditPage = CursorPage<typeof auditEntry>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: AuditQuery) => ['audit', 'list', query] as const,
};

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  return api('/audit-log', { query, signal });
}
