import type { Notification } from '../../../contracts/notifications.ts';
import { api } from '../../app/http.ts';

export const notificationsKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  latest: ['notifications', 'latest'] as const,
};

export function listNotifications(query: { unread?: 'true'; limit?: number; cursor?: string }, signal?: AbortSignal): Promise<{ items: Notification[]; nextCursor: string | null }> {
  return api('/notifications', { query, signal });
}

export function unreadCount(signal?: AbortSignal): Promise<{ unread: number }> {
  return api('/notifications/unread-count', { signal });
}

export function markRead(id: string): Promise<{ ok: true }> {
  return api(`/notifications/${id}/read`, { method: 'POST' });
}

export function markAllRead(): Promise<{ marked: number }> {
  return api('/notifications/read-all', { method: 'POST' });
}
