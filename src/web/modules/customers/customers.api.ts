import type { z } from 'zod';
import type { Industry, SourceChannel, Tag } from '../../../contracts/catalog.ts';
import type { Contact, createContactBody, updateContactBody } from '../../../contracts/contacts.ts';
import type { createCustomerBody, Customer, customerListRow, DuplicateCandidate, duplicateCheckBody, listCustomersQuery, mergeCustomersBody, updateCustomerBody } from '../../../contracts/customers.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type CustomerListQuery = Partial<z.input<typeof listCustomersQuery>>;
/** A page of list rows (not whole records: getCustomer has those). */
export type CustomerPage = CursorPage<typeof customerListRow>;
export type CreateCustomerBody = z.input<typeof createCustomerBody>;
export type UpdateCustomerBody = z.input<typeof updateCustomerBody>;
export type DuplicateCheckBody = z.input<typeof duplicateCheckBody>;
export type CreateContactBody = z.input<typeof createContactBody>;
export type UpdateContactBody = z.input<typeof updateContactBody>;
export type MergeCustomersBody = z.input<typeof mergeCustomersBody>;

export const customersKeys = {
  all: ['customers'] as const,
  list: (query: CustomerListQuery) => ['customers', 'list', query] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  contacts: (id: string) => ['customers', 'contacts', id] as const,
  duplicates: (body: DuplicateCheckBody) => ['customers', 'duplicates', body] as const,
};

export const catalogKeys = {
  industries: ['catalog', 'industries'] as const,
  tags: ['catalog', 'tags'] as const,
  sourceChannels: ['catalog', 'source-channels'] as const,
};

export function listCustomers(query: CustomerListQuery, signal?: AbortSignal): Promise<CustomerPage> {
  return api('/customers', { query, signal });
}

export function getCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
  return api(`/customers/${encodeURIComponent(id)}`, { signal });
}

export function createCustomer(body: CreateCustomerBody): Promise<Customer> {
  return api('/customers', { method: 'POST', body });
}

export function updateCustomer(id: string, body: UpdateCustomerBody): Promise<Customer> {
  return api(`/customers/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteCustomer(id: string): Promise<unknown> {
  return api(`/customers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function mergeCustomers(body: MergeCustomersBody): Promise<Customer> {
  return api('/customers/merge', { method: 'POST', body });
}

export function checkDuplicates(body: DuplicateCheckBody, signal?: AbortSignal): Promise<{ items: DuplicateCandidate[] }> {
  return api('/customers/duplicate-check', { method: 'POST', body, signal });
}

export function listContacts(customerId: string, signal?: AbortSignal): Promise<{ items: Contact[] }> {
  return api(`/customers/${encodeURIComponent(customerId)}/contacts`, { signal });
}

export function createContact(customerId: string, body: CreateContactBody): Promise<Contact> {
  return api(`/customers/${encodeURIComponent(customerId)}/contacts`, { method: 'POST', body });
}

export function updateContact(id: string, body: UpdateContactBody): Promise<Contact> {
  return api(`/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteContact(id: string): Promise<unknown> {
  return api(`/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function listIndustries(signal?: AbortSignal): Promise<{ items: Industry[] }> {
  return api('/industries', { signal });
}

export function listSourceChannels(signal?: AbortSignal): Promise<{ items: SourceChannel[] }> {
  return api('/source-channels', { signal });
}

export function listTags(signal?: AbortSignal): Promise<{ items: Tag[] }> {
  return api('/tags', { signal });
}
