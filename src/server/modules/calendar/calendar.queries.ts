import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { calendarFeeds, contacts, customers, leads, tasks, users } from '../../db/schema/index.ts';
import { TOUCH_EVERY_MS, type FeedTask } from './calendar.rules.ts';

/** Serialises the feed changes of one user (two clicks on "create" leave one active feed). */
export async function lockUserFeeds(tx: DbOrTx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`calendar-feed:${userId}`}))`);
}

export async function findActiveFeed(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt, lastFetchedAt: calendarFeeds.lastFetchedAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .orderBy(desc(calendarFeeds.createdAt))
    .limit(1);
  return row ?? null;
}

/** Revokes every active feed of a user; answers the ids it revoked. */
export async function revokeActiveFeeds(db: DbOrTx, userId: string, at: Date): Promise<string[]> {
  const rows = await db
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  return rows.map((r) => r.id);
}

export async function insertFeed(db: DbOrTx, values: { id: string; userId: string; tokenHash: string; createdAt: Date }): Promise<void> {
  await db.insert(calendarFeeds).values(values);
}

/** The active feed with this token hash, and its user if they may still use it (active, not deleted). */
export async function findFeedByTokenHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: calendarFeeds.id,
      userId: calendarFeeds.userId,
      lastFetchedAt: calendarFeeds.lastFetchedAt,
      displayName: users.displayName,
      locale: users.locale,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt), isNull(users.deletedAt), eq(users.status, 'active')))
    .limit(1);
  return row ?? null;
}

/** Records a fetch, unless one was recorded within the last minute (checked again here, for concurrent fetches). */
export async function touchFeed(db: DbOrTx, feedId: string, at: Date): Promise<void> {
  const before = new Date(at.getTime() - TOUCH_EVERY_MS);
  await db
    .update(calendarFeeds)
    .set({ lastFetchedAt: at })
    .where(and(eq(calendarFeeds.id, feedId), or(isNull(calendarFeeds.lastFetchedAt), lte(calendarFeeds.lastFetchedAt, before))));
}

export interface FeedWindow {
  /** Due at or after this… */
  dueFrom: Date;
  /** …and before this. */
  dueTo: Date;
  /** Done or cancelled tasks only when closed at or after this. */
  closedSince: Date;
  /** The tasks due nearest to this time win when there are more than `limit`. */
  now: Date;
  limit: number;
}

/**
 * The tasks of a user's feed: assigned to them, not deleted, due within the window, open or
 * closed recently (a cancelled task may have no `done_at`: its last change is when it was
 * cancelled). Range scan on tasks_assignee_all_idx.
 */
export async function feedTasks(db: DbOrTx, userId: string, w: FeedWindow): Promise<FeedTask[]> {
  const rows = await db
    .select({
      id: tasks.id,
      title: tasks.title,
      type: tasks.type,
      description: tasks.description,
      dueAt: tasks.dueAt,
      reminderMinutes: tasks.reminderMinutes,
      priority: tasks.priority,
      status: tasks.status,
      createdAt: tasks.createdAt,
      updatedAt: tasks.updatedAt,
      version: tasks.version,
      followUpId: tasks.followUpId,
      customerName: customers.name,
      contactName: contacts.name,
      leadNumber: leads.number,
      leadContactName: leads.contactName,
      leadCompanyName: leads.companyName,
    })
    .from(tasks)
    .leftJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(contacts, eq(contacts.id, tasks.contactId))
    .leftJoin(leads, eq(leads.id, tasks.leadId))
    .where(
      and(
        eq(tasks.assigneeId, userId),
        isNull(tasks.deletedAt),
        gte(tasks.dueAt, w.dueFrom),
        lt(tasks.dueAt, w.dueTo),
        or(
          eq(tasks.status, 'open'),
          and(inArray(tasks.status, ['done', 'cancelled']), sql`coalesce(${tasks.doneAt}, ${tasks.updatedAt}) >= ${w.closedSince.toISOString()}::timestamptz`),
        ),
      ),
    )
    .orderBy(sql`abs(extract(epoch from ${tasks.dueAt} - ${w.now.toISOString()}::timestamptz))`, tasks.id)
    .limit(w.limit);
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
