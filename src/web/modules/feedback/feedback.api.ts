import type { z } from 'zod';
import type { createFeedbackBody, Feedback, feedback, listFeedbackQuery, updateFeedbackBody } from '../../../contracts/feedback.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type FeedbackListQuery = Partial<z.input<typeof listFeedbackQuery>>;
export type FeedbackPage = CursorPage<typeof feedback>;
export type CreateFeedbackBody = z.input<typeof createFeedbackBody>;
export type UpdateFeedbackBody = z.input<typeof updateFeedbackBody>;

export const feedbackKeys = {
  all: ['feedback'] as const,
  list: (query: FeedbackListQuery) => ['feedback', 'list', query] as const,
  detail: (id: string) => ['feedback', 'detail', id] as const,
};

export function listFeedback(query: FeedbackListQuery, signal?: AbortSignal): Promise<FeedbackPage> {
  return api('/feedback', { query, signal });
}

export function getFeedback(id: string, signal?: AbortSignal): Promise<Feedback> {
  return api(`/feedback/${encodeURIComponent(id)}`, { signal });
}

export function createFeedback(body: CreateFeedbackBody): Promise<Feedback> {
  return api('/feedback', { method: 'POST', body });
}

export function updateFeedback(id: string, body: UpdateFeedbackBody): Promise<Feedback> {
  return api(`/feedback/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteFeedback(id: string): Promise<unknown> {
  return api(`/feedback/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
