import type { z } from 'zod';
import type { bulkCustomersBody, bulkLeadsBody, BulkResult } from '../../../contracts/bulk.ts';
import { api } from '../../app/http.ts';

export type BulkCustomersBody = z.input<typeof bulkCustomersBody>;
export type BulkLeadsBody = z.input<typeof bulkLeadsBody>;

export const bulkKeys = {
  job: (id: string) => ['bulk', 'job', id] as const,
};

/** The list's filter without paging, as the bulk endpoints take it. */
function filterOf(query: object): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...filter } = query as Record<string, unknown>;
  return filter;
}

export function countCustomers(filter: object): Promise<number> {
  const { sort: _sort, ...rest } = filterOf(filter);
  return api<{ total: number }>('/customers/bulk/count', { query: rest }).then((r) => r.total);
}

export function countLeads(filter: object): Promise<number> {
  const { sort: _sort, ...rest } = filterOf(filter);
  return api<{ total: number }>('/leads/bulk/count', { query: rest }).then((r) => r.total);
}

export function runCustomerBulk(body: BulkCustomersBody): Promise<BulkResult> {
  return api('/customers/bulk', { method: 'POST', body });
}

export function runLeadBulk(body: BulkLeadsBody): Promise<BulkResult> {
  return api('/leads/bulk', { method: 'POST', body });
}

export function getBulkJob(id: string, signal?: AbortSignal): Promise<BulkResult> {
  return api(`/bulk-jobs/${encodeURIComponent(id)}`, { signal });
}

/**
 * What a bulk action works on: the selected rows, or (after "select all N matching") the list's
 * filter, which the server evaluates again within the user's scope.
 */
export function selectionOf(rows: readonly { id: string }[], matching: number | null, filter: object): { ids: string[] } | { filter: Record<string, unknown> } {
  if (matching !== null) {
    // Empty values mean "no filter": left out, as the list's query string leaves them out.
    const clean = Object.fromEntries(Object.entries(filterOf(filter)).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return { filter: clean };
  }
  return { ids: rows.map((r) => r.id) };
}

/** The export query of the same records: the list's filter after "select all N matching", else the selected ids. */
export function exportQueryOf(rows: readonly { id: string }[], matching: number | null, filter: object): object {
  if (matching !== null) return filterOf(filter);
  const { sort } = filter as { sort?: string };
  return { ids: rows.map((r) => r.id).join(','), sort };
}
