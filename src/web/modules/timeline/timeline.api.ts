import type { z } from 'zod';
import type { timelineEntry, timelineQuery } from '../../../contracts/timeline.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type TimelineQuery = Partial<z.input<typeof timelineQuery>>;
export type TimelinePage = CursorPage<typeof timelineEntry>;
export type TimelineSubject = { type: 'customer' | 'lead'; id: string };

export const timelineKeys = {
  all: ['timeline'] as const,
  of: (subject: TimelineSubject, kinds: string) => ['timeline', subject.type, subject.id, kinds] as const,
};

export function listTimeline(subject: TimelineSubject, query: TimelineQuery, signal?: AbortSignal): Promise<TimelinePage> {
  const base = subject.type === 'customer' ? '/customers' : '/leads';
  return api(`${base}/${encodeURIComponent(subject.id)}/timeline`, { query, signal });
}
