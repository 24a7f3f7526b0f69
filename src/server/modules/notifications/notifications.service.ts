import type { z } from 'zod';
import type { listNotificationsQuery, Notification, NotificationEntityType, NotificationKind } from '../../../contracts/notifications.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import * as q from './notifications.queries.ts';

export interface NotificationInput {
  kind: NotificationKind;
  params: Record<string, string | number | null>;
  entity?: { type: NotificationEntityType; id: string };
  /** Same key for the same user is sent once, however often the event is seen again. */
  dedupeKey?: string;
}

/**
 * Tells users about an event, inside the caller's transaction so a notification exists exactly
 * when the change it reports was committed. Returns how many were new.
 */
export async function notify(db: DbOrTx, userIds: Iterable<string>, input: NotificationInput, at: Date): Promise<number> {
  const unique = [...new Set(userIds)];
  const notified = await q.insertNotifications(
    db,
    unique.map((userId) => ({
      userId,
      kind: input.kind,
      params: input.params,
      entityType: input.entity?.type ?? null,
      entityId: input.entity?.id ?? null,
      dedupeKey: input.dedupeKey ?? null,
      createdAt: at,
    })),
  );
  return notified.length;
}

export function toNotification(row: q.NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind as Notification['kind'],
    params: row.params,
    entityType: row.entityType as Notification['entityType'],
    entityId: row.entityId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** One's own notifications, newest first. Everyone may read theirs: no permission needed. */
export async function listMine(deps: Deps, ctx: Ctx, query: z.infer<typeof listNotificationsQuery>) {
  const unreadOnly = query.unread === 'true';
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listNotifications(deps.db, ctx.actor.userId, { unreadOnly, sort: q.NEWEST_FIRST, cursor: query.cursor, limit: query.limit }), () =>
    q.countNotifications(deps.db, ctx.actor.userId, { unreadOnly, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.createdAt, r.id], toNotification), ...total };
}

export async function unreadCount(deps: Deps, ctx: Ctx): Promise<number> {
  return q.unreadCount(deps.db, ctx.actor.userId);
}

/** What an open event stream shows of a user's notifications: the unread count and the newest unread one. */
export interface UnreadState {
  unread: number;
  newest: Notification | null;
}

export async function unreadState(db: DbOrTx, userId: string): Promise<UnreadState> {
  const unread = await q.unreadCount(db, userId);
  const newest = unread > 0 ? await q.newestUnread(db, userId) : null;
  return { unread, newest: newest ? toNotification(newest) : null };
}

/**
 * Read marks are the reader's own display state, not business data, so they are not audited
 * (the events the notifications report are).
 */
export async function markRead(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  if (!(await q.exists(deps.db, ctx.actor.userId, id))) throw notFound('notification');
  await q.markRead(deps.db, ctx.actor.userId, ctx.now, id);
}

export async function markAllRead(deps: Deps, ctx: Ctx): Promise<number> {
  return q.markRead(deps.db, ctx.actor.userId, ctx.now);
}
