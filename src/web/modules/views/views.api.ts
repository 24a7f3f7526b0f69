import type { z } from 'zod';
import type { Resource } from '../../../contracts/access.ts';
import type { createViewBody, SavedView, updateViewBody } from '../../../contracts/views.ts';
import { api } from '../../app/http.ts';

export const viewsKeys = {
  list: (resource: Resource) => ['saved-views', resource] as const,
};

export function listViews(resource: Resource, signal?: AbortSignal): Promise<{ items: SavedView[] }> {
  return api('/saved-views', { query: { resource }, signal });
}

export function createView(body: z.input<typeof createViewBody>): Promise<SavedView> {
  return api('/saved-views', { method: 'POST', body });
}

export function updateView(id: string, body: z.input<typeof updateViewBody>): Promise<SavedView> {
  return api(`/saved-views/${id}`, { method: 'PATCH', body });
}

export function deleteView(id: string): Promise<{ ok: true }> {
  return api(`/saved-views/${id}`, { method: 'DELETE' });
}
