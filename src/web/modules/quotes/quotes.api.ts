import type { z } from 'zod';
import type { OpportunityDetail } from '../../../contracts/opportunities.ts';
import type { CompanyProfile, companyProfile, CreateQuoteBody, ListQuotesQuery, quote, QuoteDetail, QuoteLetterhead, QuoteMailDraft, QuoteSendBody, QuoteSendResult, UpdateQuoteBody } from '../../../contracts/quotes.ts';
import { api, API_BASE, type CursorPage } from '../../app/http.ts';

export type QuoteListQuery = Partial<ListQuotesQuery>;
export type QuotePage = CursorPage<typeof quote>;
export type QuoteAction = 'accept' | 'reject';
export type CompanyProfileInput = z.input<typeof companyProfile>;

export const quotesKeys = {
  all: ['quotes'] as const,
  list: (query: QuoteListQuery) => ['quotes', 'list', query] as const,
  detail: (id: string) => ['quotes', 'detail', id] as const,
  company: ['settings', 'company'] as const,
  letterhead: ['quotes', 'letterhead'] as const,
  mailDraft: (id: string, contactId: string | null) => ['quotes', 'mail-draft', id, contactId] as const,
  opportunity: (id: string) => ['opportunities', 'detail', id] as const,
};

export function listQuotes(query: QuoteListQuery, signal?: AbortSignal): Promise<QuotePage> {
  return api('/quotes', { query, signal });
}

export function getQuote(id: string, signal?: AbortSignal): Promise<QuoteDetail> {
  return api(`/quotes/${encodeURIComponent(id)}`, { signal });
}

export function createQuote(body: CreateQuoteBody): Promise<QuoteDetail> {
  return api('/quotes', { method: 'POST', body });
}

export function updateQuote(id: string, body: UpdateQuoteBody): Promise<QuoteDetail> {
  return api(`/quotes/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteQuote(id: string): Promise<unknown> {
  return api(`/quotes/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function moveQuote(id: string, action: QuoteAction, version: number): Promise<QuoteDetail> {
  return api(`/quotes/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: { version } });
}

/** 发送报价单: marks it sent and (unless `mail` is false) e-mails the PDF to the contact. */
export function sendQuote(id: string, body: QuoteSendBody): Promise<QuoteSendResult> {
  return api(`/quotes/${encodeURIComponent(id)}/send`, { method: 'POST', body });
}

/** What sending would e-mail to `contactId` (default: the quote's contact), for the send dialog. */
export function getQuoteMailDraft(id: string, contactId: string | null, signal?: AbortSignal): Promise<QuoteMailDraft> {
  return api(`/quotes/${encodeURIComponent(id)}/mail-draft`, { query: contactId ? { contactId } : {}, signal });
}

/** Whether 公司信息 is filled in (the letterhead reads “Kehu” otherwise). */
export function getQuoteLetterhead(signal?: AbortSignal): Promise<QuoteLetterhead> {
  return api('/quotes/letterhead', { signal });
}

/** The PDF, opened by the browser (a plain link: the session cookie goes with it). */
export function quotePdfUrl(id: string): string {
  return `${API_BASE}/quotes/${encodeURIComponent(id)}/pdf`;
}

export function getCompanyProfile(signal?: AbortSignal): Promise<CompanyProfile> {
  return api('/settings/company', { signal });
}

export function setCompanyProfile(body: CompanyProfileInput): Promise<CompanyProfile> {
  return api('/settings/company', { method: 'PUT', body });
}

/** The opportunity a new quote is made from: its lines prefill the form. */
export function getOpportunity(id: string, signal?: AbortSignal): Promise<OpportunityDetail> {
  return api(`/opportunities/${encodeURIComponent(id)}`, { signal });
}
