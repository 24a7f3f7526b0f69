import type { z } from 'zod';
import type { assignLeadBody, autoAssignResponse, convertLeadBody, convertLeadResponse, createLeadBody, createLeadResponse, Lead, lead, LeadAssignee, listLeadsQuery, updateLeadBody } from '../../../contracts/leads.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type LeadListQuery = Partial<z.input<typeof listLeadsQuery>>;
export type LeadPage = CursorPage<typeof lead>;
export type CreateLeadBody = z.input<typeof createLeadBody>;
export type CreateLeadResponse = z.infer<typeof createLeadResponse>;
export type UpdateLeadBody = z.input<typeof updateLeadBody>;
export type AssignLeadBody = z.input<typeof assignLeadBody>;
export type ConvertLeadBody = z.input<typeof convertLeadBody>;
export type ConvertLeadResponse = z.infer<typeof convertLeadResponse>;
export type AutoAssignResponse = z.infer<typeof autoAssignResponse>;

export const leadsKeys = {
  all: ['leads'] as const,
  list: (query: LeadListQuery) => ['leads', 'list', query] as const,
  detail: (id: string) => ['leads', 'detail', id] as const,
  assignees: (q: string) => ['leads', 'assignees', q] as const,
};

/** Whom the caller may hand a lead to (needs lead:assign, not user:read). */
export function listAssignees(q: string, signal?: AbortSignal): Promise<{ items: LeadAssignee[] }> {
  return api('/leads/assignees', { query: { q: q || undefined }, signal });
}

export function listLeads(query: LeadListQuery, signal?: AbortSignal): Promise<LeadPage> {
  return api('/leads', { query, signal });
}

export function getLead(id: string, signal?: AbortSignal): Promise<Lead> {
  return api(`/leads/${encodeURIComponent(id)}`, { signal });
}

export function createLead(body: CreateLeadBody): Promise<CreateLeadResponse> {
  return api('/leads', { method: 'POST', body });
}

export function updateLead(id: string, body: UpdateLeadBody): Promise<Lead> {
  return api(`/leads/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function assignLead(id: string, body: AssignLeadBody): Promise<Lead> {
  return api(`/leads/${encodeURIComponent(id)}/assign`, { method: 'POST', body });
}

/** Hands an unassigned lead to whoever the assignment rules pick next (422 when no rule finds anyone). */
export function autoAssignLead(id: string): Promise<AutoAssignResponse> {
  return api(`/leads/${encodeURIComponent(id)}/auto-assign`, { method: 'POST' });
}

export function convertLead(id: string, body: ConvertLeadBody): Promise<ConvertLeadResponse> {
  return api(`/leads/${encodeURIComponent(id)}/convert`, { method: 'POST', body });
}

export function deleteLead(id: string): Promise<unknown> {
  return api(`/leads/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
