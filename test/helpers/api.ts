import { expect } from 'vitest';
import type { DataScope } from '../../src/contracts/access.ts';
import type { Client, Response } from './harness.ts';

/** Asserts an error response: status, code and (optionally) exactly which fields were named. */
export function expectError(res: Response, status: number, code: string, paths?: string[]): void {
  expect({ status: res.status, code: res.body?.error?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  if (paths) expect(detailPaths(res)).toEqual([...paths].sort());
}

export function detailPaths(res: Response): string[] {
  return ((res.body?.error?.details ?? []) as { path: string }[]).map((d) => d.path).sort();
}

let roleCounter = 0;

/** Creates a custom role through the API (as the given client, normally the admin) and returns its id. */
export async function createRole(
  client: Client,
  permissions: string[],
  dataScope: DataScope,
  canViewSensitive = false,
  name = `自定义角色${++roleCounter}`,
): Promise<string> {
  const res = await client.post('/api/v1/roles', { name, permissions, dataScope, canViewSensitive });
  if (res.status !== 201) throw new Error(`role create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

/** The audit entries of one entity, newest first. */
export async function auditOf(admin: Client, entityId: string): Promise<AuditItem[]> {
  const res = await admin.get(`/api/v1/audit-log?entityId=${entityId}&limit=200`);
  if (res.status !== 200) throw new Error(`audit read failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as AuditItem[];
}

/** Follows `nextCursor` until the end and returns every page's items (fails on a page error). */
export async function walkPages<T>(client: Client, url: string, limit: number, maxPages = 100): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await client.get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...(res.body.items as T[]));
    cursor = res.body.nextCursor as string | null;
    if (++pages > maxPages) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}
