import { and, asc, eq, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { QuoteStatus } from '../../../contracts/sales.ts';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, customers, opportunities, opportunityItems, orders, quoteItems, quotes, users } from '../../db/schema/index.ts';
import { viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { opportunityScope } from '../opportunities/index.ts';
import type { PricedLine, StoredLine } from '../products/index.ts';

// ---------------------------------------------------------------------------------------------
// The lines of the opportunity a quote is made from (the opportunity itself is found with its
// module's finder).

export async function opportunityLines(db: DbOrTx, opportunityId: string): Promise<StoredLine[]> {
  const rows = await db.select().from(opportunityItems).where(eq(opportunityItems.opportunityId, opportunityId)).orderBy(asc(opportunityItems.position));
  return rows.map(({ opportunityId: _o, ...line }) => line);
}

// ---------------------------------------------------------------------------------------------
// Quotes

function selectQuotes(db: DbOrTx) {
  return db
    .select({
      quote: quotes,
      opportunityName: opportunities.name,
      // Who sees the quote now: the opportunity's owner and department (it may have been reassigned since the quote was made).
      opportunityOwnerId: opportunities.ownerId,
      opportunityDepartmentId: opportunities.departmentId,
      customerName: customers.name,
      contactName: contacts.name,
      ownerName: users.displayName,
    })
    .from(quotes)
    .innerJoin(opportunities, eq(opportunities.id, quotes.opportunityId))
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .leftJoin(contacts, eq(contacts.id, quotes.contactId))
    .leftJoin(users, eq(users.id, quotes.ownerId));
}
export type QuoteRow = Awaited<ReturnType<ReturnType<typeof selectQuotes>['execute']>>[number];
/** The columns a quote edit sets. */
export type QuoteValues = Partial<typeof quotes.$inferInsert>;

/** A live quote as `viewer` sees it: a quote is seen with its opportunity (the opportunity scope). */
export async function findQuote(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<QuoteRow | null> {
  const query = selectQuotes(db)
    .where(and(eq(quotes.id, id), isNull(quotes.deletedAt), isNull(opportunities.deletedAt), viewerScope(viewer, opportunityScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: quotes }) : query);
  return row ?? null;
}

export interface QuoteFilters {
  opportunityId?: string | undefined;
  customerId?: string | undefined;
  status?: QuoteStatus | undefined;
  q?: string | undefined;
  /** The ids `q` matches, when few (fewMatches of quoteSearchBranches): read instead of testing `q` on every quote. */
  matchIds?: readonly string[] | undefined;
}

/** The search's index-served branch (see fewMatches): number and title through their bigrams (the global search's migration repeats the expression). */
export function quoteSearchBranches(q: string): SQL[] {
  if ([...q].length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [
    sql`select ${quotes.id} from ${quotes} where ${quotes.deletedAt} is null and (${quotes.number} ilike ${like} or ${quotes.title} ilike ${like}) and kehu_bigrams(${quotes.number} || ' ' || ${quotes.title}) @> kehu_bigrams(${q})`,
  ];
}

/** The quote list's one order: newest first. */
export const newestQuotesFirst: SortKey = sortKey('-createdAt', { createdAt: { column: quotes.createdAt, type: 'timestamptz' } });

function quoteListWhere(viewer: Viewer, f: QuoteFilters) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return and(
    isNull(quotes.deletedAt),
    isNull(opportunities.deletedAt),
    viewerScope(viewer, opportunityScope),
    f.opportunityId ? eq(quotes.opportunityId, f.opportunityId) : undefined,
    f.customerId ? eq(quotes.customerId, f.customerId) : undefined,
    f.status ? eq(quotes.status, f.status) : undefined,
    f.matchIds ? inArray(quotes.id, [...f.matchIds]) : like ? or(ilike(quotes.number, like), ilike(quotes.title, like)) : undefined,
  );
}

export async function listQuotes(db: DbOrTx, opts: { viewer: Viewer; filters: QuoteFilters; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return selectQuotes(db)
    .where(and(quoteListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, quotes.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, quotes.id))
    .limit(opts.limit + 1);
}

/** The total of a quote list (listQuotes without cursor, order and limit). */
export function countQuotes(db: DbOrTx, opts: { viewer: Viewer; filters: QuoteFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectQuotes(db).where(quoteListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

export async function quoteLines(db: DbOrTx, quoteId: string): Promise<StoredLine[]> {
  const rows = await db.select().from(quoteItems).where(eq(quoteItems.quoteId, quoteId)).orderBy(asc(quoteItems.position));
  return rows.map(({ quoteId: _q, ...line }) => line);
}

export async function insertQuote(db: DbOrTx, values: typeof quotes.$inferInsert): Promise<string> {
  const [row] = await db.insert(quotes).values(values).returning({ id: quotes.id });
  if (!row) throw new Error('quote insert returned nothing');
  return row.id;
}

export async function replaceLines(db: DbOrTx, quoteId: string, lines: readonly PricedLine[]): Promise<void> {
  await db.delete(quoteItems).where(eq(quoteItems.quoteId, quoteId));
  if (lines.length > 0) await db.insert(quoteItems).values(lines.map((l) => ({ ...l, quoteId })));
}

/** Changes a quote at the version the caller saw; false when it moved on meanwhile (409). */
export async function updateQuote(db: DbOrTx, id: string, version: number, values: QuoteValues): Promise<boolean> {
  const rows = await db
    .update(quotes)
    .set({ ...values, version: sql`${quotes.version} + 1` })
    .where(and(eq(quotes.id, id), eq(quotes.version, version), isNull(quotes.deletedAt)))
    .returning({ id: quotes.id });
  return rows.length === 1;
}

export async function softDeleteQuote(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(quotes).set({ deletedAt: at, updatedAt: at }).where(eq(quotes.id, id));
}

/**
 * Turns every sent quote whose last valid day is before `today` into expired (quotes_valid_until_idx),
 * returning them with their opportunity's owner and department. One statement: a quote accepted or rejected meanwhile no longer matches, and a
 * second runner waits on the rows the first changed, then finds them no longer sent.
 */
export async function expireSentQuotes(db: DbOrTx, today: string, now: Date) {
  return db
    .update(quotes)
    .set({ status: 'expired', updatedAt: now, version: sql`${quotes.version} + 1` })
    .from(opportunities)
    .where(and(eq(opportunities.id, quotes.opportunityId), eq(quotes.status, 'sent'), lt(quotes.validUntil, today), isNull(quotes.deletedAt)))
    .returning({
      id: quotes.id,
      number: quotes.number,
      title: quotes.title,
      customerId: quotes.customerId,
      ownerId: opportunities.ownerId,
      departmentId: opportunities.departmentId,
      validUntil: quotes.validUntil,
      totalFen: quotes.totalFen,
      currency: quotes.currency,
    });
}

/** The salesperson as printed on the PDF. */
export async function userContact(db: DbOrTx, id: string) {
  const [row] = await db.select({ name: users.displayName, phone: users.phone, email: users.email }).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** A live contact of `customerId` as a quote prints and mails to it; null when it is not the customer's. */
export async function contactCard(db: DbOrTx, contactId: string, customerId: string) {
  const [row] = await db
    .select({ id: contacts.id, name: contacts.name, title: contacts.title, phones: contacts.phones, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .limit(1);
  return row ?? null;
}
export type ContactCard = NonNullable<Awaited<ReturnType<typeof contactCard>>>;

/**
 * The live (not cancelled, not deleted) order made from a quote, if any (the orders table read
 * directly, as orders read quotes: the order module keeps one order per accepted quote).
 */
export async function liveOrderOf(db: DbOrTx, quoteId: string): Promise<{ id: string; number: string } | null> {
  const [row] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.quoteId, quoteId), isNull(orders.deletedAt), ne(orders.status, 'cancelled')))
    .limit(1);
  return row ?? null;
}
