import type { z } from 'zod';
import type { listOutboxQuery, OutboxMailDetail, outboxMail } from '../../../contracts/mail.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type OutboxQuery = Partial<z.input<typeof listOutboxQuery>>;
export type OutboxPage = CursorPage<typeof outboxMail>;

export const mailKeys = {
  all: ['mail'] as const,
  list: (query: OutboxQuery) => ['mail', 'outbox', query] as const,
  detail: (id: string) => ['mail', 'outbox', 'detail', id] as const,
};

export function listOutbox(query: OutboxQuery, signal?: AbortSignal): Promise<OutboxPage> {
  return api('/mail/outbox', { query, signal });
}

export function getOutboxMail(id: string, signal?: AbortSignal): Promise<OutboxMailDetail> {
  return api(`/mail/outbox/${id}`, { signal });
}
