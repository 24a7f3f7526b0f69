import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddMembersResult,
  addMembersBody,
  campaign,
  Campaign,
  CampaignComparison,
  CampaignComparisonQuery,
  CampaignDetail,
  CampaignMember,
  campaignMember,
  CampaignOption,
  campaignOptionsQuery,
  CampaignReport,
  campaignStatusBody,
  costInput,
  createCampaignBody,
  listCampaignsQuery,
  listMembersQuery,
  MemberSummary,
  updateCampaignBody,
  updateMemberBody,
} from '../../../contracts/campaigns.ts';
import { api, downloadFile, type CursorPage } from '../../app/http.ts';

export type CampaignListQuery = Partial<z.input<typeof listCampaignsQuery>>;
export type CampaignPage = CursorPage<typeof campaign>;
export type CreateCampaignBody = z.input<typeof createCampaignBody>;
export type UpdateCampaignBody = z.input<typeof updateCampaignBody>;
export type CampaignStatusBody = z.input<typeof campaignStatusBody>;
export type CostBody = z.input<typeof costInput>;
export type CampaignOptionsQuery = Partial<z.input<typeof campaignOptionsQuery>>;
export type MemberListQuery = Partial<z.input<typeof listMembersQuery>>;
export type MemberPage = CursorPage<typeof campaignMember>;
export type AddMembersBody = z.input<typeof addMembersBody>;
export type UpdateMemberBody = z.input<typeof updateMemberBody>;

export const campaignsKeys = {
  all: ['campaigns'] as const,
  list: (query: CampaignListQuery) => ['campaigns', 'list', query] as const,
  detail: (id: string) => ['campaigns', 'detail', id] as const,
  options: (query: CampaignOptionsQuery) => ['campaigns', 'options', query] as const,
  /** Everything about one campaign's members: its lists and its summary. */
  members: (id: string) => ['campaigns', 'members', id] as const,
  memberList: (id: string, query: MemberListQuery) => ['campaigns', 'members', id, 'list', query] as const,
  memberSummary: (id: string) => ['campaigns', 'members', id, 'summary'] as const,
  /** A campaign's report (活动报告). */
  report: (id: string) => ['campaigns', 'report', id] as const,
  /** The comparison (活动效果对比) of the campaigns that match. */
  comparison: (query: CampaignComparisonQuery) => ['campaigns', 'comparison', query] as const,
};

const one = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

export function listCampaigns(query: CampaignListQuery, signal?: AbortSignal): Promise<CampaignPage> {
  return api('/campaigns', { query, signal });
}

export function getCampaign(id: string, signal?: AbortSignal): Promise<CampaignDetail> {
  return api(one(id), { signal });
}

export function createCampaign(body: CreateCampaignBody): Promise<CampaignDetail> {
  return api('/campaigns', { method: 'POST', body });
}

export function updateCampaign(id: string, body: UpdateCampaignBody): Promise<CampaignDetail> {
  return api(one(id), { method: 'PATCH', body });
}

/** Sets (or clears) the campaign's target segment (目标人群). */
export function setCampaignTarget(id: string, body: { version: number; segmentId: string | null }): Promise<Campaign> {
  return api(`${one(id)}/target`, { method: 'PUT', body });
}

export function changeCampaignStatus(id: string, body: CampaignStatusBody): Promise<CampaignDetail> {
  return api(`${one(id)}/status`, { method: 'POST', body });
}

export function deleteCampaign(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

export function addCost(id: string, body: CostBody): Promise<CampaignDetail> {
  return api(`${one(id)}/costs`, { method: 'POST', body });
}

export function updateCost(id: string, costId: string, body: CostBody): Promise<CampaignDetail> {
  return api(`${one(id)}/costs/${encodeURIComponent(costId)}`, { method: 'PUT', body });
}

export function deleteCost(id: string, costId: string): Promise<CampaignDetail> {
  return api(`${one(id)}/costs/${encodeURIComponent(costId)}`, { method: 'DELETE' });
}

/** Names of campaigns that are not cancelled, for pickers: planned and active ones, with `includeEnded` completed ones too. */
export function listCampaignOptions(query: CampaignOptionsQuery, signal?: AbortSignal): Promise<{ items: CampaignOption[] }> {
  return api('/campaign-options', { query, signal });
}

export function listMembers(id: string, query: MemberListQuery, signal?: AbortSignal): Promise<MemberPage> {
  return api(`${one(id)}/members`, { query, signal });
}

export function memberSummary(id: string, signal?: AbortSignal): Promise<MemberSummary> {
  return api(`${one(id)}/members/summary`, { signal });
}

export function addMembers(id: string, body: AddMembersBody): Promise<AddMembersResult> {
  return api(`${one(id)}/members`, { method: 'POST', body });
}

export function updateMember(id: string, memberId: string, body: UpdateMemberBody): Promise<CampaignMember> {
  return api(`${one(id)}/members/${encodeURIComponent(memberId)}`, { method: 'PATCH', body });
}

export function removeMember(id: string, memberId: string): Promise<unknown> {
  return api(`${one(id)}/members/${encodeURIComponent(memberId)}`, { method: 'DELETE' });
}

/** 活动报告: what the campaign brought (within my data scope) against what it cost. */
export function getCampaignReport(id: string, signal?: AbortSignal): Promise<CampaignReport> {
  return api(`${one(id)}/report`, { signal });
}

/** 活动效果对比: the report's figures per campaign that matches, per source channel and in total. */
export function compareCampaigns(query: CampaignComparisonQuery, signal?: AbortSignal): Promise<CampaignComparison> {
  return api('/campaign-reports', { query, signal });
}

/** The comparison of the same filters as an xlsx file (needs campaign:export). */
export function downloadComparison(query: CampaignComparisonQuery): Promise<void> {
  return downloadFile('/campaign-reports.xlsx', query);
}

// ---- hooks ----

/** One campaign with its costs. */
export function useCampaign(id: string) {
  return useQuery({ queryKey: campaignsKeys.detail(id), queryFn: ({ signal }) => getCampaign(id, signal) });
}

/** The campaigns to pick (a lead's, a filter's), searched by name on the server. */
export function useCampaignOptions(query: CampaignOptionsQuery, enabled = true) {
  return useQuery({ queryKey: campaignsKeys.options(query), queryFn: ({ signal }) => listCampaignOptions(query, signal), enabled, staleTime: 30_000, placeholderData: keepPreviousData });
}

/** The members I see, counted per status and kind. */
export function useMemberSummary(id: string) {
  return useQuery({ queryKey: campaignsKeys.memberSummary(id), queryFn: ({ signal }) => memberSummary(id, signal) });
}

/**
 * A campaign's report. It counts leads, customers and deals that change elsewhere, so it is
 * asked again whenever a page shows it (the figures seen before stay meanwhile).
 */
export function useCampaignReport(id: string) {
  return useQuery({ queryKey: campaignsKeys.report(id), queryFn: ({ signal }) => getCampaignReport(id, signal), staleTime: 0 });
}

/** The comparison of the campaigns that match; the previous one stays while new filters load. */
export function useCampaignComparison(query: CampaignComparisonQuery) {
  return useQuery({ queryKey: campaignsKeys.comparison(query), queryFn: ({ signal }) => compareCampaigns(query, signal), staleTime: 0, placeholderData: keepPreviousData });
}
