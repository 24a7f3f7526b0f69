import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  addSuppressionsBody,
  createMailingBody,
  listMailingsQuery,
  listRecipientsQuery,
  listSuppressionsQuery,
  Mailing,
  mailing,
  MailingReport,
  MailingSettings,
  MailingStatus,
  recipient,
  RenderedMail,
  Suppression,
  SuppressionChannel,
  testSendBody,
  updateMailingBody,
  VariantKey,
} from '../../../contracts/mailings.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type MailingListQuery = Partial<z.input<typeof listMailingsQuery>>;
export type MailingPage = CursorPage<typeof mailing>;
export type CreateMailingBody = z.input<typeof createMailingBody>;
export type UpdateMailingBody = z.input<typeof updateMailingBody>;
export type RecipientListQuery = Partial<z.input<typeof listRecipientsQuery>>;
export type RecipientPage = CursorPage<typeof recipient>;
export type SuppressionListQuery = Partial<z.input<typeof listSuppressionsQuery>>;
export type SuppressionPage = { items: Suppression[]; nextCursor: string | null };
export type AddSuppressionsBody = z.input<typeof addSuppressionsBody>;
export type TestSendBody = z.input<typeof testSendBody>;
export type PreviewQuery = { contactId?: string; leadId?: string; variant?: VariantKey };
/** What starting a mailing answers: the mailing now sending and how its audience came out. */
export type MailingStart = { mailing: Mailing; audience: number; recipients: number; suppressed: number; noAddress: number };

export const mailingsKeys = {
  all: ['mailings'] as const,
  list: (query: MailingListQuery) => ['mailings', 'list', query] as const,
  detail: (id: string) => ['mailings', 'detail', id] as const,
  /** Everything that changes while a mailing sends: its report and recipients. */
  progress: (id: string) => ['mailings', 'progress', id] as const,
  report: (id: string) => ['mailings', 'progress', id, 'report'] as const,
  recipients: (id: string, query: RecipientListQuery) => ['mailings', 'progress', id, 'recipients', query] as const,
  preview: (id: string, query: PreviewQuery, version: number) => ['mailings', 'preview', id, query, version] as const,
  settings: ['settings', 'mailings'] as const,
};

export const suppressionsKeys = {
  all: ['suppressions'] as const,
  list: (query: SuppressionListQuery) => ['suppressions', 'list', query] as const,
};

const one = (id: string) => `/mailings/${encodeURIComponent(id)}`;

export function listMailings(query: MailingListQuery, signal?: AbortSignal): Promise<MailingPage> {
  return api('/mailings', { query, signal });
}

export function getMailing(id: string, signal?: AbortSignal): Promise<Mailing> {
  return api(one(id), { signal });
}

export function createMailing(body: CreateMailingBody): Promise<Mailing> {
  return api('/mailings', { method: 'POST', body });
}

export function updateMailing(id: string, body: UpdateMailingBody): Promise<Mailing> {
  return api(one(id), { method: 'PATCH', body });
}

export function deleteMailing(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

/** 发送: the audience becomes the recipients and the sender begins (needs mailing:send). */
export function startMailing(id: string, version: number): Promise<MailingStart> {
  return api(`${one(id)}/send`, { method: 'POST', body: { version } });
}

export type MailingStep = 'pause' | 'resume' | 'cancel';

export function stepMailing(id: string, step: MailingStep, version: number): Promise<Mailing> {
  return api(`${one(id)}/${step}`, { method: 'POST', body: { version } });
}

/** The mail as a contact or lead would get it, or with sample values. */
export function previewMailing(id: string, query: PreviewQuery, signal?: AbortSignal): Promise<RenderedMail> {
  return api(`${one(id)}/preview`, { query, signal });
}

export function sendTestMail(id: string, body: TestSendBody): Promise<{ to: string; queued: boolean }> {
  return api(`${one(id)}/test`, { method: 'POST', body });
}

export function listRecipients(id: string, query: RecipientListQuery, signal?: AbortSignal): Promise<RecipientPage> {
  return api(`${one(id)}/recipients`, { query, signal });
}

export function getMailingReport(id: string, signal?: AbortSignal): Promise<MailingReport> {
  return api(`${one(id)}/report`, { signal });
}

export function getMailingSettings(signal?: AbortSignal): Promise<MailingSettings> {
  return api('/settings/mailings', { signal });
}

export function saveMailingSettings(body: MailingSettings): Promise<MailingSettings> {
  return api('/settings/mailings', { method: 'PUT', body });
}

export function listSuppressions(query: SuppressionListQuery, signal?: AbortSignal): Promise<SuppressionPage> {
  return api('/suppressions', { query, signal });
}

export function addSuppressions(body: AddSuppressionsBody): Promise<{ added: number; already: number }> {
  return api('/suppressions', { method: 'POST', body });
}

export function removeSuppression(channel: SuppressionChannel, address: string): Promise<unknown> {
  return api(`/suppressions/${encodeURIComponent(channel)}/${encodeURIComponent(address)}`, { method: 'DELETE' });
}

// ---- hooks ----

/** While a mailing sends or tests its subjects, what changes is asked for again every few seconds. */
export const LIVE_STATUSES: readonly MailingStatus[] = ['sending', 'testing'];
export const POLL_MS = 3000;
export const isLive = (status: MailingStatus | undefined) => !!status && LIVE_STATUSES.includes(status);

export function useMailing(id: string) {
  return useQuery({
    queryKey: mailingsKeys.detail(id),
    queryFn: ({ signal }) => getMailing(id, signal),
    refetchInterval: (q) => (isLive(q.state.data?.status) ? POLL_MS : false),
  });
}

/** A campaign's mailings (the first hundred, newest first). */
export function useCampaignMailings(campaignId: string) {
  return useQuery({
    queryKey: mailingsKeys.list({ campaignId, limit: 100 }),
    queryFn: ({ signal }) => listMailings({ campaignId, limit: 100 }, signal),
    refetchInterval: (q) => (q.state.data?.items.some((m) => isLive(m.status)) ? POLL_MS : false),
  });
}

export function useMailingReport(id: string, live: boolean, enabled = true) {
  return useQuery({ queryKey: mailingsKeys.report(id), queryFn: ({ signal }) => getMailingReport(id, signal), enabled, refetchInterval: live ? POLL_MS : false, staleTime: 0 });
}

export function useRecipients(id: string, query: RecipientListQuery, live: boolean, enabled = true) {
  return useQuery({
    queryKey: mailingsKeys.recipients(id, query),
    queryFn: ({ signal }) => listRecipients(id, query, signal),
    enabled,
    refetchInterval: live ? POLL_MS : false,
    placeholderData: keepPreviousData,
  });
}

export function usePreview(id: string, query: PreviewQuery, version: number) {
  return useQuery({ queryKey: mailingsKeys.preview(id, query, version), queryFn: ({ signal }) => previewMailing(id, query, signal), placeholderData: keepPreviousData });
}
