import type { z } from 'zod';
import type { CadenceSettings, createFollowUpBody, createFollowUpMethodBody, FollowUp, followUp, FollowUpMethod, FollowUpSummary, listFollowUpsQuery, updateFollowUpBody, updateFollowUpMethodBody } from '../../../contracts/followups.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type FollowUpListQuery = Partial<z.input<typeof listFollowUpsQuery>>;
export type FollowUpPage = CursorPage<typeof followUp>;
export type CreateFollowUpBody = z.input<typeof createFollowUpBody>;
export type UpdateFollowUpBody = z.input<typeof updateFollowUpBody>;

export const followUpsKeys = {
  all: ['follow-ups'] as const,
  list: (query: FollowUpListQuery) => ['follow-ups', 'list', query] as const,
  detail: (id: string) => ['follow-ups', 'detail', id] as const,
};

export function listFollowUps(query: FollowUpListQuery, signal?: AbortSignal): Promise<FollowUpPage> {
  return api('/follow-ups', { query, signal });
}

export function getFollowUp(id: string, signal?: AbortSignal): Promise<FollowUp> {
  return api(`/follow-ups/${encodeURIComponent(id)}`, { signal });
}

export function createFollowUp(body: CreateFollowUpBody): Promise<FollowUp> {
  return api('/follow-ups', { method: 'POST', body });
}

export function updateFollowUp(id: string, body: UpdateFollowUpBody): Promise<FollowUp> {
  return api(`/follow-ups/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteFollowUp(id: string): Promise<unknown> {
  return api(`/follow-ups/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

// ------------------------------------------------------------------------------------------
// Follow-up methods (跟进方式), the cadence (跟进策略) and my follow-up summary

export type CreateFollowUpMethodBody = z.input<typeof createFollowUpMethodBody>;
export type UpdateFollowUpMethodBody = z.input<typeof updateFollowUpMethodBody>;

export const followUpMethodsKey = ['catalog', 'follow-up-methods'] as const;
export const followUpSummaryKey = ['me', 'follow-up-summary'] as const;
export const cadenceKey = ['settings', 'follow-up-cadence'] as const;

export function listFollowUpMethods(signal?: AbortSignal): Promise<{ items: FollowUpMethod[] }> {
  return api('/follow-up-methods', { signal });
}

export function createFollowUpMethod(body: CreateFollowUpMethodBody): Promise<FollowUpMethod> {
  return api('/follow-up-methods', { method: 'POST', body });
}

export function updateFollowUpMethod(code: string, body: UpdateFollowUpMethodBody): Promise<FollowUpMethod> {
  return api(`/follow-up-methods/${encodeURIComponent(code)}`, { method: 'PATCH', body });
}

export function getFollowUpSummary(signal?: AbortSignal): Promise<FollowUpSummary> {
  return api('/me/follow-up-summary', { signal });
}

export function getCadence(signal?: AbortSignal): Promise<CadenceSettings> {
  return api('/settings/follow-up-cadence', { signal });
}

export function setCadence(body: CadenceSettings): Promise<CadenceSettings> {
  return api('/settings/follow-up-cadence', { method: 'PUT', body });
}
