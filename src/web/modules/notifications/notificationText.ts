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

export function notificationLink(n: Pick<Notification, 'entityType' | 'entityId'>): string | null {
  if (!n.entityId) return null;
  switch (n.entityType) {
    case 'lead':
      return `/leads/${n.entityId}`;
    case 'customer':
      return `/customers/${n.entityId}`;
    default:
      return null;
  }
}
