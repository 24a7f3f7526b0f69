import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createSmsSendBody, listSmsRecipientsQuery, listSmsSendsQuery, SmsPreviewResult, SmsSend, smsRecipient, smsSend, SmsSendStatus, updateSmsSendBody } from '../../../contracts/sms.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type SmsSendListQuery = Partial<z.input<typeof listSmsSendsQuery>>;
export type SmsSendPage = CursorPage<typeof smsSend>;
export type CreateSmsSendBody = z.input<typeof createSmsSendBody>;
export type UpdateSmsSendBody = z.input<typeof updateSmsSendBody>;
export type SmsRecipientListQuery = Partial<z.input<typeof listSmsRecipientsQuery>>;
export type SmsRecipientPage = CursorPage<typeof smsRecipient>;
export type SmsPreviewQuery = { contactId?: string; leadId?: string };
/** What starting a send answers: the send now sending and how its audience came out. */
export type SmsSendStart = { send: SmsSend; audience: number; recipients: number; suppressed: number; noAddress: number };
export type SmsSettings = { provider: 'aliyun' | 'log'; pushUrl: string };

export const smsKeys = {
  all: ['sms-sends'] as const,
  list: (query: SmsSendListQuery) => ['sms-sends', 'list', query] as const,
  detail: (id: string) => ['sms-sends', 'detail', id] as const,
  recipients: (id: string, query: SmsRecipientListQuery) => ['sms-sends', 'recipients', id, query] as const,
  preview: (id: string, query: SmsPreviewQuery, version: number) => ['sms-sends', 'preview', id, query, version] as const,
  settings: ['settings', 'sms'] as const,
};

const one = (id: string) => `/sms-sends/${encodeURIComponent(id)}`;

export function listSmsSends(query: SmsSendListQuery, signal?: AbortSignal): Promise<SmsSendPage> {
  return api('/sms-sends', { query, signal });
}

export function getSmsSend(id: string, signal?: AbortSignal): Promise<SmsSend> {
  return api(one(id), { signal });
}

export function createSmsSend(body: CreateSmsSendBody): Promise<SmsSend> {
  return api('/sms-sends', { method: 'POST', body });
}

export function updateSmsSend(id: string, body: UpdateSmsSendBody): Promise<SmsSend> {
  return api(one(id), { method: 'PATCH', body });
}

export function deleteSmsSend(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

/** 发送: the segment becomes the recipients and the sender begins (needs mailing:send). */
export function startSmsSend(id: string, version: number): Promise<SmsSendStart> {
  return api(`${one(id)}/send`, { method: 'POST', body: { version } });
}

export type SmsStep = 'pause' | 'resume' | 'cancel';

export function stepSmsSend(id: string, step: SmsStep, version: number): Promise<SmsSend> {
  return api(`${one(id)}/${step}`, { method: 'POST', body: { version } });
}

/** The message as a contact or lead would get it, or with sample values. */
export function previewSmsSend(id: string, query: SmsPreviewQuery, signal?: AbortSignal): Promise<SmsPreviewResult> {
  return api(`${one(id)}/preview`, { query, signal });
}

export function listSmsRecipients(id: string, query: SmsRecipientListQuery, signal?: AbortSignal): Promise<SmsRecipientPage> {
  return api(`${one(id)}/recipients`, { query, signal });
}

export function getSmsSettings(signal?: AbortSignal): Promise<SmsSettings> {
  return api('/settings/sms', { signal });
}

// ---- hooks ----

/** While a send is sending, what changes is asked for again every few seconds. */
export const SMS_POLL_MS = 3000;
export const isSmsLive = (status: SmsSendStatus | undefined) => status === 'sending';

export function useSmsSend(id: string) {
  return useQuery({
    queryKey: smsKeys.detail(id),
    queryFn: ({ signal }) => getSmsSend(id, signal),
    refetchInterval: (q) => (isSmsLive(q.state.data?.status) ? SMS_POLL_MS : false),
  });
}

/** A campaign's SMS sends (the first hundred, newest first). */
export function useCampaignSmsSends(campaignId: string) {
  return useQuery({
    queryKey: smsKeys.list({ campaignId, limit: 100 }),
    queryFn: ({ signal }) => listSmsSends({ campaignId, limit: 100 }, signal),
    refetchInterval: (q) => (q.state.data?.items.some((s) => isSmsLive(s.status)) ? SMS_POLL_MS : false),
  });
}

export function useSmsRecipients(id: string, query: SmsRecipientListQuery, live: boolean) {
  return useQuery({
    queryKey: smsKeys.recipients(id, query),
    queryFn: ({ signal }) => listSmsRecipients(id, query, signal),
    refetchInterval: live ? SMS_POLL_MS : false,
    placeholderData: keepPreviousData,
  });
}

export function useSmsPreview(id: string, query: SmsPreviewQuery, version: number) {
  return useQuery({ queryKey: smsKeys.preview(id, query, version), queryFn: ({ signal }) => previewSmsSend(id, query, signal), placeholderData: keepPreviousData });
}
