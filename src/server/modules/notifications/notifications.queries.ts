import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** The one order of a user's notifications: newest first. */
export const NEWEST_FIRST: SortKey = { column: notifications.createdAt, type: 'timestamptz', direction: 'desc' };

/** Returns the users who got a new notification (a repeated dedupe key is silently skipped). */
export async function insertNotifications(db: DbOrTx, rows: (typeof notifications.$inferInsert)[]): Promise<string[]> {
  if (rows.length === 0) return [];
  // A repeated dedupe key (a job re-running over the same event) is silently one notification.
  const inserted = await db.insert(notifications).values(rows).onConflictDoNothing().returning({ userId: notifications.userId });
  return inserted.map((r) => r.userId);
}

const notificationListWhere = (userId: string, unreadOnly: boolean) => and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);

export async function listNotifications(db: DbOrTx, userId: string, opts: { unreadOnly: boolean; sort: SortKey; cursor: string | undefined; limit: number }) {
  return db
    .select()
    .from(notifications)
    .where(and(notificationListWhere(userId, opts.unreadOnly), afterCursor(opts.sort, notifications.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, notifications.id))
    .limit(opts.limit + 1);
}

/** The total of one's notification list (listNotifications without cursor, order and limit). */
export function countNotifications(db: DbOrTx, userId: string, opts: { unreadOnly: boolean; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, db.select({ id: notifications.id }).from(notifications).where(notificationListWhere(userId, opts.unreadOnly)), opts.exactUpTo);
}

export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The newest unread notification of a user (notifications_unread_idx, then a sort of the few unread). */
export async function newestUnread(db: DbOrTx, userId: string): Promise<NotificationRow | null> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(1);
  return row ?? null;
}

export async function markRead(db: DbOrTx, userId: string, at: Date, id?: string): Promise<number> {
  const where: (SQL | undefined)[] = [eq(notifications.userId, userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined];
  const rows = await db.update(notifications).set({ readAt: at }).where(and(...where)).returning({ id: notifications.id });
  return rows.length;
}

export async function exists(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ one: sql`1` }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.id, id))).limit(1);
  return !!row;
}
