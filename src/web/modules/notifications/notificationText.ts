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
 * Tasks open in the task list's drawer and feedback in the feedback list's; follow-ups have no
 * page of their own and open their customer's follow-ups tab (the params carry `customerId`).
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
    case 'feedback':
      return `/feedback?feedbackId=${encodeURIComponent(n.entityId)}`;
    case 'opportunity':
      return `/opportunities/${n.entityId}`;
    case 'quote':
      return `/quotes/${n.entityId}`;
    case 'order':
      return `/orders/${n.entityId}`;
    case 'contract':
      return `/contracts/${n.entityId}`;
    case 'follow_up': {
      const customerId = n.params.customerId;
      return typeof customerId === 'string' && customerId !== '' ? `/customers/${encodeURIComponent(customerId)}?tab=followUps` : null;
    }
    case null:
      return null;
  }
}
