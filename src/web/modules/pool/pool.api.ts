import type { z } from 'zod';
import type { assignCustomerBody, Customer } from '../../../contracts/customers.ts';
import { api } from '../../app/http.ts';
import type { CustomerListQuery, CustomerPage } from '../customers/customers.api.ts';

export const poolKeys = {
  all: ['pool'] as const,
  list: (query: CustomerListQuery) => ['pool', 'list', query] as const,
};

/** 公海: customers without an owner; same filters and page shape as the customer list. */
export function listPool(query: CustomerListQuery, signal?: AbortSignal): Promise<CustomerPage> {
  return api('/pool/customers', { query, signal });
}

export function claimCustomer(id: string): Promise<Customer> {
  return api(`/pool/customers/${encodeURIComponent(id)}/claim`, { method: 'POST' });
}

export function releaseCustomer(id: string): Promise<{ ok: true }> {
  return api(`/customers/${encodeURIComponent(id)}/release`, { method: 'POST' });
}

export function assignCustomer(id: string, body: z.input<typeof assignCustomerBody>): Promise<Customer> {
  return api(`/customers/${encodeURIComponent(id)}/assign`, { method: 'POST', body });
}
