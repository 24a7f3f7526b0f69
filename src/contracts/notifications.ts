import { z } from 'zod';
import { isoDateTime, listQuery } from './common.ts';

/**
 * What a notification is about: `<area>.<what>`, declared by the module that sends it (its
 * manifest's `notificationKinds`, which also adds them here). The web UI renders each kind from its
 * params in the reader's language (locale key `notifications.kinds.<kind>`), so the server stores
 * no sentence.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in the manifests
export interface NotificationKindRegistry {}
export type NotificationKind = Extract<keyof NotificationKindRegistry, string>;

/**
 * The record a notification is about, which the bell opens. Follow-ups and feedback have no page
 * of their own: their notifications carry `customerId` in params and open the customer.
 */
export const NOTIFICATION_ENTITY_TYPES = ['lead', 'customer', 'task', 'follow_up', 'feedback', 'opportunity', 'quote', 'order', 'contract'] as const;
export type NotificationEntityType = (typeof NOTIFICATION_ENTITY_TYPES)[number];

export const notification = z
  .object({
    id: z.uuid(),
    kind: z.string() as z.ZodType<NotificationKind, string>,
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
