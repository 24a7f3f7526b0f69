import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { customerFeedback, customers, users } from '../../db/schema/index.ts';
import { viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { customerScope } from '../customers/index.ts';

/** The one order of the feedback list: newest first. */
export const NEWEST_FIRST: SortKey = { column: customerFeedback.createdAt, type: 'timestamptz', direction: 'desc' };

const handler = alias(users, 'feedback_handler');

function selectFeedback(db: DbOrTx) {
  return db
    .select({ feedback: customerFeedback, customerName: customers.name, handlerName: handler.displayName })
    .from(customerFeedback)
    .innerJoin(customers, eq(customers.id, customerFeedback.customerId))
    .leftJoin(handler, eq(handler.id, customerFeedback.handlerId));
}
export type FeedbackRow = Awaited<ReturnType<ReturnType<typeof selectFeedback>['execute']>>[number];

/** Live feedback as `viewer` sees it: feedback is seen with its customer (joined), in the customer's scope. */
export async function findFeedback(db: DbOrTx, id: string, viewer: Viewer): Promise<FeedbackRow | null> {
  const [row] = await selectFeedback(db)
    .where(and(eq(customerFeedback.id, id), isNull(customerFeedback.deletedAt), viewerScope(viewer, customerScope)))
    .limit(1);
  return row ?? null;
}

export interface FeedbackFilters {
  customerId?: string;
  status?: string;
  kind?: string;
  handlerId?: string;
}

function feedbackListWhere(viewer: Viewer, f: FeedbackFilters) {
  return and(
    isNull(customerFeedback.deletedAt),
    viewerScope(viewer, customerScope),
    f.customerId ? eq(customerFeedback.customerId, f.customerId) : undefined,
    f.status ? eq(customerFeedback.status, f.status as 'open') : undefined,
    f.kind ? eq(customerFeedback.kind, f.kind as 'complaint') : undefined,
    f.handlerId ? eq(customerFeedback.handlerId, f.handlerId) : undefined,
  );
}

export async function listFeedback(db: DbOrTx, opts: { viewer: Viewer; filters: FeedbackFilters; sort: SortKey; cursor?: string; limit: number }) {
  return selectFeedback(db)
    .where(and(feedbackListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, customerFeedback.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, customerFeedback.id))
    .limit(opts.limit + 1);
}

/** The total of a feedback list (listFeedback without cursor, order and limit). */
export function countFeedback(db: DbOrTx, opts: { viewer: Viewer; filters: FeedbackFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectFeedback(db).where(feedbackListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

/** The columns a feedback write may set. */
export type FeedbackValues = Partial<typeof customerFeedback.$inferInsert>;

export async function insertFeedback(db: DbOrTx, values: typeof customerFeedback.$inferInsert): Promise<string> {
  const [row] = await db.insert(customerFeedback).values(values).returning({ id: customerFeedback.id });
  if (!row) throw new Error('feedback insert returned nothing');
  return row.id;
}

export async function updateFeedback(db: DbOrTx, id: string, version: number, values: Partial<typeof customerFeedback.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(customerFeedback)
    .set({ ...values, version: sql`${customerFeedback.version} + 1` })
    .where(and(eq(customerFeedback.id, id), eq(customerFeedback.version, version), isNull(customerFeedback.deletedAt)))
    .returning({ id: customerFeedback.id });
  return rows.length === 1;
}

export async function softDeleteFeedback(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(customerFeedback).set({ deletedAt: at, updatedAt: at }).where(eq(customerFeedback.id, id));
}
