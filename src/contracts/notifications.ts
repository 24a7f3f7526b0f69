import { z } from 'zod';
import { isoDateTime, listQuery } from './common.ts';

/**
 * What a notification is about. The web UI renders each kind from its params in the reader's
 * language (locale key `notifications.kinds.<kind>`), so the server stores no sentence.
 */
export const NOTIFICATION_KINDS = [
  /** An A lead passed its 24-hour assignment deadline unassigned (to the department's managers). */
  'lead.sla_breached',
  /** A lead was assigned to you (by hand or by a rule). */
  'lead.assigned',
  /** One of your customers returns to the public pool soon unless followed up. */
  'customer.reclaim_warning',
  /** One of your customers went back to the public pool. */
  'customer.reclaimed',
  /** A customer was assigned to you. */
  'customer.assigned',
  /** One of your tasks is due soon (its reminder time came). Params: title, dueAt. */
  'task.reminder',
  /** A task was assigned to you. Params: title, dueAt, by. */
  'task.assigned',
  /** Your morning digest: overdue and today's tasks, customers and leads due for follow-up. Params: overdueTasks, todayTasks, customers, leads. */
  'followup.digest',
  /** A customer's feedback was assigned to you. Params: title, customerName. */
  'feedback.assigned',
  /** An opportunity was given to you. Params: name, customerName, customerId. */
  'opportunity.assigned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The record a notification is about, which the bell opens. Follow-ups and feedback have no page
 * of their own: their notifications carry `customerId` in params and open the customer.
 */
export const NOTIFICATION_ENTITY_TYPES = ['lead', 'customer', 'task', 'follow_up', 'feedback', 'opportunity', 'quote', 'order', 'contract'] as const;
export type NotificationEntityType = (typeof NOTIFICATION_ENTITY_TYPES)[number];

export const notification = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    entityType: z.enum(NOTIFICATION_ENTITY_TYPES).nullable(),
    entityId: z.uuid().nullable(),
    createdAt: isoDateTime,
    readAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notification>;

export const listNotificationsQuery = listQuery.extend({
  unread: z.enum(['true', 'false']).optional().meta({ description: 'true: only unread ones' }),
});

export const unreadCount = z.object({ unread: z.number().int() });

/**
 * The events of GET /notifications/stream (text/event-stream): `unread` with the count when the
 * stream opens and whenever one's notifications change; `notification` with a new unread one.
 */
export const NOTIFICATION_STREAM_EVENTS = { unread: 'unread', notification: 'notification' } as const;
