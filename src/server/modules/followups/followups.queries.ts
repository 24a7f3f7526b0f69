import { and, asc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { attachments, contacts, customers, followUpMethods, followUps, leads, tasks, users } from '../../db/schema/index.ts';
import { UNSCOPED, viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { customerNeedsFollowUp, customerScope } from '../customers/index.ts';
import { leadNeedsFollowUp, leadScope } from '../leads/index.ts';

/** The one order of the follow-up list: latest first. */
export const LATEST_FIRST: SortKey = { column: followUps.happenedAt, type: 'timestamptz', direction: 'desc' };

const owner = alias(users, 'follow_up_owner');

/** A follow-up with the names it is shown with. */
function selectFollowUps(db: DbOrTx) {
  return db
    .select({
      followUp: followUps,
      customerName: customers.name,
      contactName: contacts.name,
      leadNumber: leads.number,
      ownerName: owner.displayName,
      taskId: sql<string | null>`(select t.id from ${tasks} t where t.follow_up_id = ${followUps.id} and t.deleted_at is null order by t.created_at limit 1)`,
      attachmentCount: sql<number>`(select count(*)::int from ${attachments} a where a.owner_type = 'follow_up' and a.owner_id = ${followUps.id})`,
    })
    .from(followUps)
    .leftJoin(customers, eq(customers.id, followUps.customerId))
    .leftJoin(contacts, eq(contacts.id, followUps.contactId))
    .leftJoin(leads, eq(leads.id, followUps.leadId))
    .leftJoin(owner, eq(owner.id, followUps.ownerId));
}
export type FollowUpRow = Awaited<ReturnType<ReturnType<typeof selectFollowUps>['execute']>>[number];

/**
 * Which follow-ups a caller may see: those of customers in the customer scope, and those of
 * not yet converted leads in the lead scope (none for UNSCOPED). The scope rules come from their
 * modules as conditions on `customers` and `leads`, tested per follow-up through the primary key
 * (EXISTS): an IN over the scope would make PostgreSQL hash every customer in scope — all of them
 * for an admin, seconds at 1,000,000 customers — even to read one follow-up.
 */
function visibleFollowUps(viewer: Viewer): SQL | undefined {
  if (viewer === UNSCOPED) return undefined;
  const customerPart = sql`exists (select 1 from ${customers} where ${customers.id} = ${followUps.customerId} and ${viewerScope(viewer, customerScope) ?? sql`true`})`;
  const leadPart = sql`(${followUps.customerId} is null and exists (select 1 from ${leads} where ${leads.id} = ${followUps.leadId} and ${viewerScope(viewer, leadScope) ?? sql`true`}))`;
  return sql`(${customerPart} or ${leadPart})`;
}

/** A live follow-up as `viewer` sees it. */
export async function findFollowUp(db: DbOrTx, id: string, viewer: Viewer): Promise<FollowUpRow | null> {
  const [row] = await selectFollowUps(db)
    .where(and(eq(followUps.id, id), isNull(followUps.deletedAt), visibleFollowUps(viewer)))
    .limit(1);
  return row ?? null;
}

export interface FollowUpFilters {
  customerId?: string;
  leadId?: string;
  contactId?: string;
  ownerId?: string;
  method?: string;
  from?: Date;
  to?: Date;
}

function followUpListWhere(viewer: Viewer, f: FollowUpFilters) {
  return and(
    isNull(followUps.deletedAt),
    visibleFollowUps(viewer),
    f.customerId ? eq(followUps.customerId, f.customerId) : undefined,
    f.leadId ? eq(followUps.leadId, f.leadId) : undefined,
    f.contactId ? eq(followUps.contactId, f.contactId) : undefined,
    f.ownerId ? eq(followUps.ownerId, f.ownerId) : undefined,
    f.method ? eq(followUps.method, f.method) : undefined,
    f.from ? gte(followUps.happenedAt, f.from) : undefined,
    f.to ? lt(followUps.happenedAt, f.to) : undefined,
  );
}

export async function listFollowUps(db: DbOrTx, opts: { viewer: Viewer; filters: FollowUpFilters; sort: SortKey; cursor?: string; limit: number }) {
  return selectFollowUps(db)
    .where(and(followUpListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, followUps.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, followUps.id))
    .limit(opts.limit + 1);
}

/** The total of a follow-up list (listFollowUps without cursor, order and limit). */
export function countFollowUps(db: DbOrTx, opts: { viewer: Viewer; filters: FollowUpFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectFollowUps(db).where(followUpListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

/** The columns a follow-up write may set. */
export type FollowUpValues = Partial<typeof followUps.$inferInsert>;

export async function insertFollowUp(db: DbOrTx, values: typeof followUps.$inferInsert): Promise<string> {
  const [row] = await db.insert(followUps).values(values).returning({ id: followUps.id });
  if (!row) throw new Error('follow-up insert returned nothing');
  return row.id;
}

export async function updateFollowUp(db: DbOrTx, id: string, version: number, values: Partial<typeof followUps.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(followUps)
    .set({ ...values, version: sql`${followUps.version} + 1` })
    .where(and(eq(followUps.id, id), eq(followUps.version, version), isNull(followUps.deletedAt)))
    .returning({ id: followUps.id });
  return rows.length === 1;
}

export async function softDeleteFollowUp(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(followUps).set({ deletedAt: at, updatedAt: at }).where(eq(followUps.id, id));
}

/** Moves "last follow-up at" forward (never back: an older visit logged late changes nothing). */
export async function touchCustomerFollowUp(db: DbOrTx, customerId: string, at: Date): Promise<void> {
  await db
    .update(customers)
    .set({ lastFollowUpAt: sql`greatest(${customers.lastFollowUpAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(customers.id, customerId));
}

export async function touchLeadFollowUp(db: DbOrTx, leadId: string, at: Date): Promise<void> {
  await db
    .update(leads)
    .set({ lastFollowUpAt: sql`greatest(${leads.lastFollowUpAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(leads.id, leadId));
}

/**
 * After a follow-up that happened at `removedAt` is deleted or moved: when it was what "last
 * follow-up at" showed, that falls back to the latest follow-up left (null when none). A later
 * value (a later follow-up, or one imported with the customer) stays.
 */
export async function recomputeCustomerFollowUp(db: DbOrTx, customerId: string, removedAt: Date): Promise<void> {
  await db
    .update(customers)
    .set({ lastFollowUpAt: sql`(select max(f.happened_at) from ${followUps} f where f.customer_id = ${customerId} and f.deleted_at is null)` })
    .where(and(eq(customers.id, customerId), sql`${customers.lastFollowUpAt} <= ${removedAt.toISOString()}::timestamptz`));
}

export async function recomputeLeadFollowUp(db: DbOrTx, leadId: string, removedAt: Date): Promise<void> {
  await db
    .update(leads)
    .set({ lastFollowUpAt: sql`(select max(f.happened_at) from ${followUps} f where f.lead_id = ${leadId} and f.deleted_at is null)` })
    .where(and(eq(leads.id, leadId), sql`${leads.lastFollowUpAt} <= ${removedAt.toISOString()}::timestamptz`));
}

export async function methodActive(db: DbOrTx, code: string): Promise<boolean> {
  const [row] = await db.select({ active: followUpMethods.active }).from(followUpMethods).where(eq(followUpMethods.code, code)).limit(1);
  return row?.active === true;
}

export async function listMethods(db: DbOrTx) {
  return db.select().from(followUpMethods).orderBy(asc(followUpMethods.sortOrder), asc(followUpMethods.code));
}
export type MethodRow = Awaited<ReturnType<typeof listMethods>>[number];
/** The columns a follow-up method write may set. */
export type MethodValues = Partial<typeof followUpMethods.$inferInsert>;

export async function findMethod(db: DbOrTx, code: string): Promise<MethodRow | null> {
  const [row] = await db.select().from(followUpMethods).where(eq(followUpMethods.code, code)).limit(1);
  return row ?? null;
}

export async function insertMethod(db: DbOrTx, values: typeof followUpMethods.$inferInsert): Promise<void> {
  await db.insert(followUpMethods).values(values);
}

export async function updateMethod(db: DbOrTx, code: string, version: number, values: Partial<typeof followUpMethods.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(followUpMethods)
    .set({ ...values, version: sql`${followUpMethods.version} + 1` })
    .where(and(eq(followUpMethods.code, code), eq(followUpMethods.version, version)))
    .returning({ code: followUpMethods.code });
  return rows.length === 1;
}

/** How many of one person's customers / leads are past their cadence at `now` (the home page's counters). */
export async function countOwnedCustomersDue(db: DbOrTx, ownerId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.ownerId, ownerId), isNull(customers.deletedAt), customerNeedsFollowUp(now)));
  return row?.n ?? 0;
}

export async function countOwnedLeadsDue(db: DbOrTx, ownerId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(and(eq(leads.ownerId, ownerId), isNull(leads.deletedAt), leadNeedsFollowUp(now)));
  return row?.n ?? 0;
}

/**
 * Per active user, what the morning digest counts: open tasks overdue and due today (before
 * `tomorrow`), and owned customers and leads past their cadence. Only users with something.
 */
export async function digestCounts(db: DbOrTx, now: Date, tomorrow: Date) {
  const customerDue = customerNeedsFollowUp(now);
  const leadDue = leadNeedsFollowUp(now);
  const result = await db.execute<{ user_id: string; email: string | null; locale: string | null; overdue: number; today: number; customers: number; leads: number }>(sql`
    with t as (
      select assignee_id as user_id,
        count(*) filter (where due_at < ${now.toISOString()}::timestamptz)::int as overdue,
        count(*) filter (where due_at >= ${now.toISOString()}::timestamptz)::int as today
      from ${tasks}
      where status = 'open' and deleted_at is null and due_at < ${tomorrow.toISOString()}::timestamptz
      group by assignee_id
    ), c as (
      select owner_id as user_id, count(*)::int as n from ${customers}
      where deleted_at is null and ${customerDue}
      group by owner_id
    ), l as (
      select owner_id as user_id, count(*)::int as n from ${leads}
      where owner_id is not null and deleted_at is null and ${leadDue}
      group by owner_id
    )
    select u.id as user_id, u.email, u.locale, coalesce(t.overdue, 0) as overdue, coalesce(t.today, 0) as today, coalesce(c.n, 0) as customers, coalesce(l.n, 0) as leads
    from ${users} u
    left join t on t.user_id = u.id
    left join c on c.user_id = u.id
    left join l on l.user_id = u.id
    where u.status = 'active' and u.deleted_at is null and (t.user_id is not null or c.user_id is not null or l.user_id is not null)`);
  return result.rows;
}
