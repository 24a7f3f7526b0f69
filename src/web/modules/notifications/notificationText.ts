import type { Notification } from '../../../contracts/notifications.ts';

/**
 * How a notification reads and where it leads: the locale key `notifications.kinds.<kind>` with
 * its params (dates formatted for the reader), and the page of the record it is about.
 */
export function notificationMessage(n: Pick<Notification, 'kind' | 'params'>, formatDate: (iso: string) => string): { key: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(n.params)) {
    if (v === null) continue;
    params[k] = typeof v === 'string' && k.endsWith('At') ? formatDate(v) : v;
  }
  return { key: `notifications.kinds.${n.kind}`, params };
}

/**
 * Tasks open in the task list; follow-ups and feedback have no page of their own and open their
 * customer (the notification's params carry `customerId`).
 */
export function notificationLink(n: Pick<Notification, 'entityType' | 'entityId' | 'params'>): string | null {
  if (!n.entityId) return null;
  switch (n.entityType) {
    case 'lead':
      return `/leads/${n.entityId}`;
    case 'customer':
      return `/customers/${n.entityId}`;
    case 'task':
      return `/tasks?taskId=${encodeURIComponent(n.entityId)}`;
    case 'follow_up':
    case 'feedback': {
      const customerId = n.params.customerId;
      return typeof customerId === 'string' && customerId !== '' ? `/customers/${encodeURIComponent(customerId)}` : null;
    }
    case null:
      return null;
  }
}
