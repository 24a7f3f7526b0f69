import { and, asc, eq, gte, ilike, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { OrderStatus } from '../../../contracts/sales.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { contacts, customers, opportunities, opportunityItems, orderItems, orderPayments, orders, orderStatusChanges, quoteItems, quotes, users } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { customersNamedLike, expectedThroughCustomerNames, THROUGH_CUSTOMER_NAMES_CAP } from '../customers/index.ts';
import { BUNCHED_MATCHES_CAP, type CappedBranch } from '../../platform/search/candidates.ts';
import { opportunityScope } from '../opportunities/index.ts';
import type { PricedLine, StoredLine } from '../products/index.ts';

const owner = alias(users, 'order_owner');

/** Orders are seen by their owner, and by managers through the owner's department. */
export const orderScope = ownerDepartmentRule(orders.ownerId, orders.departmentId, orders.deletedAt);

function selectOrders(db: DbOrTx) {
  return db
    .select({ order: orders, customerName: customers.name, contactName: contacts.name, ownerName: owner.displayName })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(contacts, eq(contacts.id, orders.contactId))
    .leftJoin(owner, eq(owner.id, orders.ownerId));
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['execute']>>[number];
/** An order's own columns. */
export type OrderRecord = typeof orders.$inferSelect;
/** The columns an order edit sets. */
export type OrderValues = Partial<typeof orders.$inferInsert>;

/** A live order as `viewer` sees it. */
export async function findOrder(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<OrderRow | null> {
  const query = selectOrders(db)
    .where(and(eq(orders.id, id), isNull(orders.deletedAt), viewerScope(viewer, orderScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: orders }) : query);
  return row ?? null;
}

/** Locks the order for a state change or payment: concurrent payments are counted one after the other. */
export async function lockOrder(tx: DbOrTx, id: string): Promise<OrderRecord | null> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), isNull(orders.deletedAt)))
    .for('update')
    .limit(1);
  return row ?? null;
}

export interface OrderFilters {
  status?: OrderStatus | undefined;
  customerId?: string | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  /** The ids `q` matches, when few (fewMatches of orderSearchBranches): read instead of testing `q` on every order. */
  matchIds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The search's index-served branches (see fewMatches): the number through its bigrams (the
 * global search's migration repeats the expression), the customer's name through the customers'.
 */
export function orderSearchBranches(q: string): (SQL | CappedBranch)[] {
  const named = customersNamedLike(q);
  if (!named) return [];
  return [
    { select: sql`select ${orders.id} from ${orders} where ${orders.deletedAt} is null and ${orders.number} ilike ${containsPattern(q)} and kehu_bigrams(${orders.number}) @> kehu_bigrams(${q})`, cap: BUNCHED_MATCHES_CAP },
    { select: sql`select ${orders.id} from ${orders} where ${orders.deletedAt} is null and ${orders.customerId} in (${named})`, cap: THROUGH_CUSTOMER_NAMES_CAP, expected: expectedThroughCustomerNames(q, orders) },
  ];
}

/** The order list's one order: newest first. */
export const newestOrdersFirst: SortKey = sortKey('-createdAt', { createdAt: { column: orders.createdAt, type: 'timestamptz' } });

function orderListWhere(viewer: Viewer, f: OrderFilters) {
  return and(
    isNull(orders.deletedAt),
    viewerScope(viewer, orderScope),
    f.status ? eq(orders.status, f.status) : undefined,
    f.customerId ? eq(orders.customerId, f.customerId) : undefined,
    f.ownerId ? eq(orders.ownerId, f.ownerId) : undefined,
    f.matchIds ? inArray(orders.id, [...f.matchIds]) : f.q ? or(ilike(orders.number, containsPattern(f.q)), ilike(customers.name, containsPattern(f.q))) : undefined,
    f.from ? gte(orders.orderDate, f.from) : undefined,
    f.to ? lte(orders.orderDate, f.to) : undefined,
  );
}

export async function listOrders(db: DbOrTx, opts: { viewer: Viewer; filters: OrderFilters; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return selectOrders(db)
    .where(and(orderListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, orders.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, orders.id))
    .limit(opts.limit + 1);
}

/** The total of an order list (listOrders without cursor, order and limit). */
export function countOrders(db: DbOrTx, opts: { viewer: Viewer; filters: OrderFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectOrders(db).where(orderListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

export async function itemsOf(db: DbOrTx, orderId: string): Promise<StoredLine[]> {
  return db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.position));
}

const recorder = alias(users, 'payment_recorder');
export async function paymentsOf(db: DbOrTx, orderId: string) {
  return db
    .select({ payment: orderPayments, recordedByName: recorder.displayName })
    .from(orderPayments)
    .leftJoin(recorder, eq(recorder.id, orderPayments.recordedBy))
    .where(eq(orderPayments.orderId, orderId))
    .orderBy(asc(orderPayments.recordedAt), asc(orderPayments.id));
}

const changer = alias(users, 'status_changer');
export async function historyOf(db: DbOrTx, orderId: string) {
  return db
    .select({ change: orderStatusChanges, changedByName: changer.displayName })
    .from(orderStatusChanges)
    .leftJoin(changer, eq(changer.id, orderStatusChanges.changedBy))
    .where(eq(orderStatusChanges.orderId, orderId))
    .orderBy(asc(orderStatusChanges.changedAt), asc(orderStatusChanges.id));
}

export async function insertOrder(tx: DbOrTx, values: typeof orders.$inferInsert): Promise<string> {
  const [row] = await tx.insert(orders).values(values).returning({ id: orders.id });
  if (!row) throw new Error('order insert returned nothing');
  return row.id;
}

export async function insertItems(tx: DbOrTx, orderId: string, lines: readonly PricedLine[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.insert(orderItems).values(lines.map((l) => ({ ...l, orderId })));
}

export async function replaceItems(tx: DbOrTx, orderId: string, lines: readonly PricedLine[]): Promise<void> {
  await tx.delete(orderItems).where(eq(orderItems.orderId, orderId));
  await insertItems(tx, orderId, lines);
}

/** Updates the order if it is still at `version` (else false: 409). */
export async function updateOrder(tx: DbOrTx, id: string, version: number, values: OrderValues): Promise<boolean> {
  const rows = await tx
    .update(orders)
    .set({ ...values, version: sql`${orders.version} + 1` })
    .where(and(eq(orders.id, id), eq(orders.version, version), isNull(orders.deletedAt)))
    .returning({ id: orders.id });
  return rows.length === 1;
}

export async function softDeleteOrder(tx: DbOrTx, id: string, at: Date): Promise<void> {
  await tx.update(orders).set({ deletedAt: at, updatedAt: at }).where(eq(orders.id, id));
}

export async function insertStatusChange(tx: DbOrTx, values: Omit<typeof orderStatusChanges.$inferInsert, 'id'> & { id: string }): Promise<void> {
  await tx.insert(orderStatusChanges).values(values);
}

export async function insertPayment(tx: DbOrTx, values: typeof orderPayments.$inferInsert): Promise<void> {
  await tx.insert(orderPayments).values(values);
}

// ------------------------------------------------------------------------------------------
// Sources of an order: a won opportunity (found with its module's finder), an accepted quote
// (its table read directly: quotes sit above orders in the module graph, as they store their PDFs
// as attachments and attachments check contracts, which link orders).

export async function opportunityItemsOf(db: DbOrTx, opportunityId: string): Promise<StoredLine[]> {
  return db.select().from(opportunityItems).where(eq(opportunityItems.opportunityId, opportunityId)).orderBy(asc(opportunityItems.position));
}

/** A quote as `viewer` sees it: quotes are seen with their opportunity. */
export async function findQuote(db: DbOrTx, id: string, viewer: Viewer) {
  const [row] = await db
    .select({
      id: quotes.id,
      number: quotes.number,
      status: quotes.status,
      opportunityId: quotes.opportunityId,
      customerId: quotes.customerId,
      contactId: quotes.contactId,
      currency: quotes.currency,
    })
    .from(quotes)
    .innerJoin(opportunities, eq(opportunities.id, quotes.opportunityId))
    .where(and(eq(quotes.id, id), isNull(quotes.deletedAt), viewerScope(viewer, opportunityScope)))
    .limit(1);
  return row ?? null;
}

export async function quoteItemsOf(db: DbOrTx, quoteId: string): Promise<StoredLine[]> {
  return db.select().from(quoteItems).where(eq(quoteItems.quoteId, quoteId)).orderBy(asc(quoteItems.position));
}

// ------------------------------------------------------------------------------------------
// The customer's figures (lifetime value, paid orders, first paid) from its orders.

/** Locks the customer row so that two orders of one customer recompute its figures in turn. */
export async function lockCustomer(tx: DbOrTx, customerId: string) {
  const [row] = await tx
    .select({ id: customers.id, stage: customers.stage, firstPaidAt: customers.firstPaidAt, paidOrderCount: customers.paidOrderCount, lifetimeValueFen: customers.lifetimeValueFen, number: customers.number, name: customers.name })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update')
    .limit(1);
  return row ?? null;
}

/**
 * The figures from the customer's live orders in the given states: the count of all of them,
 * the value of those in `valueCurrency` (amounts in other currencies are not added up), and when
 * the first and the latest were paid.
 */
export async function paidFigures(tx: DbOrTx, customerId: string, statuses: readonly OrderStatus[], valueCurrency: string) {
  const [row] = await tx
    .select({
      count: sql<number>`count(*)::int`,
      valueFen: sql<string>`coalesce(sum(${orders.totalFen}) filter (where ${orders.currency} = ${valueCurrency}), 0)::text`,
      firstPaidAt: sql<string | null>`min(coalesce(${orders.paidAt}, ${orders.updatedAt}))`,
      lastPaidAt: sql<string | null>`max(coalesce(${orders.paidAt}, ${orders.updatedAt}))`,
    })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), isNull(orders.deletedAt), inArray(orders.status, [...statuses])));
  return {
    count: row?.count ?? 0,
    valueFen: Number(row?.valueFen ?? 0),
    firstPaidAt: row?.firstPaidAt ? new Date(row.firstPaidAt) : null,
    lastPaidAt: row?.lastPaidAt ? new Date(row.lastPaidAt) : null,
  };
}

export async function setCustomerFigures(tx: DbOrTx, customerId: string, values: { lifetimeValueFen: number; paidOrderCount: number; firstPaidAt: Date | null; lastPaidAt: Date | null }): Promise<void> {
  await tx.update(customers).set(values).where(eq(customers.id, customerId));
}

/** The stage change a first paid order makes (a real edit of the customer: its version moves). */
export async function setCustomerStage(tx: DbOrTx, customerId: string, stage: 'customer', at: Date): Promise<void> {
  await tx
    .update(customers)
    .set({ stage, updatedAt: at, version: sql`${customers.version} + 1` })
    .where(eq(customers.id, customerId));
}

/** The live (not cancelled, not deleted) order already made from a quote, if any. */
export async function orderFromQuote(db: DbOrTx, quoteId: string): Promise<{ number: string } | null> {
  const [row] = await db
    .select({ number: orders.number })
    .from(orders)
    .where(and(eq(orders.quoteId, quoteId), isNull(orders.deletedAt), ne(orders.status, 'cancelled')))
    .limit(1);
  return row ?? null;
}

/** The language a user reads the app in (null: the default), for what the system writes to them. */
export async function userLocale(db: DbOrTx, userId: string): Promise<'zh-CN' | 'en' | null> {
  const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.locale ?? null;
}
