import type { z } from 'zod';
import type { bulkCustomersBody, bulkLeadsBody, BulkResult } from '../../../contracts/bulk.ts';
import { api } from '../../app/http.ts';
import { filterOf } from './selection.ts';

export type BulkCustomersBody = z.input<typeof bulkCustomersBody>;
export type BulkLeadsBody = z.input<typeof bulkLeadsBody>;

export const bulkKeys = {
  job: (id: string) => ['bulk', 'job', id] as const,
};

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
