import type { GlobalSearchResponse } from '../../../contracts/search.ts';
import { api } from '../../app/http.ts';

export const searchKeys = {
  all: ['search'] as const,
  query: (q: string) => ['search', q] as const,
};

export function globalSearch(q: string, signal?: AbortSignal): Promise<GlobalSearchResponse> {
  return api('/search', { query: { q }, signal });
}
