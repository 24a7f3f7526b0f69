import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createLeadFormBody, FormSubmission, LeadForm, leadForm, listLeadFormsQuery, updateLeadFormBody } from '../../../contracts/lead-forms.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type LeadFormListQuery = Partial<z.input<typeof listLeadFormsQuery>>;
export type LeadFormPage = CursorPage<typeof leadForm>;
export type CreateLeadFormBody = z.input<typeof createLeadFormBody>;
export type UpdateLeadFormBody = z.input<typeof updateLeadFormBody>;

export const leadFormsKeys = {
  all: ['lead-forms'] as const,
  list: (query: LeadFormListQuery) => ['lead-forms', 'list', query] as const,
  detail: (id: string) => ['lead-forms', 'detail', id] as const,
  submissions: (id: string, limit: number) => ['lead-forms', 'submissions', id, limit] as const,
};

const one = (id: string) => `/lead-forms/${encodeURIComponent(id)}`;

export function listLeadForms(query: LeadFormListQuery, signal?: AbortSignal): Promise<LeadFormPage> {
  return api('/lead-forms', { query, signal });
}

export function getLeadForm(id: string, signal?: AbortSignal): Promise<LeadForm> {
  return api(one(id), { signal });
}

export function createLeadForm(body: CreateLeadFormBody): Promise<LeadForm> {
  return api('/lead-forms', { method: 'POST', body });
}

export function updateLeadForm(id: string, body: UpdateLeadFormBody): Promise<LeadForm> {
  return api(one(id), { method: 'PATCH', body });
}

export function deleteLeadForm(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

export function listSubmissions(id: string, limit: number, signal?: AbortSignal): Promise<{ items: FormSubmission[] }> {
  return api(`${one(id)}/submissions`, { query: { limit }, signal });
}

export function useLeadForm(id: string | undefined) {
  return useQuery({ queryKey: leadFormsKeys.detail(id ?? ''), queryFn: ({ signal }) => getLeadForm(id ?? '', signal), enabled: !!id });
}

export function useSubmissions(id: string, limit = 50) {
  return useQuery({ queryKey: leadFormsKeys.submissions(id, limit), queryFn: ({ signal }) => listSubmissions(id, limit, signal), placeholderData: keepPreviousData });
}

/** A campaign's forms (the first page is plenty on the campaign's page). */
export function useCampaignLeadForms(campaignId: string) {
  const query: LeadFormListQuery = { campaignId, limit: 50 };
  return useQuery({ queryKey: leadFormsKeys.list(query), queryFn: ({ signal }) => listLeadForms(query, signal) });
}
