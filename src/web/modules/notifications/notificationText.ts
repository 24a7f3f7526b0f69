import type { Notification } from '../../../contracts/notifications.ts';

/** Kinds about something due at `dueAt` that read differently once it has passed (已逾期). */
const OVERDUE_VARIANTS: ReadonlySet<string> = new Set(['task.reminder', 'task.assigned']);

/**
 * How a notification reads: the locale key `notifications.kinds.<kind>` (or its `_overdue`
 * variant when its `dueAt` has passed by `now`, since "due at 9:00" read at 11:00 misleads) with
 * its params, dates formatted for the reader. `subject` is the customer or lead a task is for,
 * a phrase of its own (`notifications.subject.*`) the text puts after the title as `{{subject}}`.
 */
export function notificationMessage(
  n: Pick<Notification, 'kind' | 'params'>,
  options: { formatDate: (iso: string) => string; now: Date },
): { key: string; params: Record<string, string | number>; subject: { key: string; name: string } | null } {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(n.params)) {
    if (v === null) continue;
    params[k] = typeof v === 'string' && k.endsWith('At') ? options.formatDate(v) : v;
  }
  const dueAt = n.params.dueAt;
  const overdue = OVERDUE_VARIANTS.has(n.kind) && typeof dueAt === 'string' && Date.parse(dueAt) <= options.now.getTime();
  const { customerName, leadName } = n.params;
  const subject =
    typeof customerName === 'string' && customerName !== ''
      ? { key: 'notifications.subject.customer', name: customerName }
      : typeof leadName === 'string' && leadName !== ''
        ? { key: 'notifications.subject.lead', name: leadName }
        : null;
  return { key: `notifications.kinds.${n.kind}${overdue ? '_overdue' : ''}`, params, subject };
}

/**
 * Where a notification leads. Tasks open in the task list's drawer and feedback in the feedback list's; follow-ups have no
 * page of their own and open their customer's follow-ups tab (the params carry `customerId`).
 */
export function notificationLink(n: Pick<Notification, 'kind' | 'entityType' | 'entityId' | 'params'>): string | null {
  // About many records: the list they are in.
  if (n.kind === 'followup.digest') return '/tasks';
  if (n.kind === 'bulk.customers_done') return '/customers';
  if (n.kind === 'bulk.leads_done') return '/leads';
  const ownerId = n.params.ownerId;
  if (typeof ownerId === 'string' && ownerId !== '') {
    if (n.kind === 'bulk.customers_assigned') return `/customers?ownerId=${encodeURIComponent(ownerId)}`;
    if (n.kind === 'bulk.leads_assigned') return `/leads?ownerId=${encodeURIComponent(ownerId)}`;
  }
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
