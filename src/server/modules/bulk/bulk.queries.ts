import { and, count, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { bulkJobs, customers, customerTags, leads, tags } from '../../db/schema/index.ts';
import { analyzeAfterBulkWrite } from '../../db/statistics.ts';
import { viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { customerScope } from '../customers/index.ts';
import { leadScope } from '../leads/index.ts';

export type BulkJobRow = typeof bulkJobs.$inferSelect;
export type BulkJobValues = Partial<typeof bulkJobs.$inferInsert>;

/**
 * Ids of the customers `viewer` sees that the list's filters match, in the list's order, at most
 * `limit` (the caller asks for one more than it allows, to tell "too many").
 */
export async function matchingCustomerIds(db: DbOrTx, viewer: Viewer, filters: (SQL | undefined)[], sort: SortKey, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(viewerScope(viewer, customerScope), isNull(customers.mergedIntoId), ...filters))
    .orderBy(...orderBy(sort, customers.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countMatchingCustomers(db: DbOrTx, viewer: Viewer, filters: (SQL | undefined)[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customers)
    .where(and(viewerScope(viewer, customerScope), isNull(customers.mergedIntoId), ...filters));
  return row?.n ?? 0;
}

/** As matchingCustomerIds, for leads. */
export async function matchingLeadIds(db: DbOrTx, viewer: Viewer, filters: (SQL | undefined)[], sort: SortKey, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(viewerScope(viewer, leadScope), isNull(leads.mergedIntoId), ...filters))
    .orderBy(...orderBy(sort, leads.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countMatchingLeads(db: DbOrTx, viewer: Viewer, filters: (SQL | undefined)[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(leads)
    .where(and(viewerScope(viewer, leadScope), isNull(leads.mergedIntoId), ...filters));
  return row?.n ?? 0;
}

export async function tagExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: tags.id }).from(tags).where(eq(tags.id, id)).limit(1);
  return row !== undefined;
}

export async function insertJob(db: DbOrTx, values: typeof bulkJobs.$inferInsert): Promise<string> {
  const [row] = await db.insert(bulkJobs).values(values).returning({ id: bulkJobs.id });
  if (!row) throw new Error('bulk job insert returned nothing');
  return row.id;
}

const { recordIds: _ids, ...jobColumns } = getTableColumns(bulkJobs);

/** A job without its record list; with `createdBy`, only if that user started it. */
export async function findJob(db: DbOrTx, id: string, createdBy: string | null) {
  const [row] = await db
    .select(jobColumns)
    .from(bulkJobs)
    .where(and(eq(bulkJobs.id, id), createdBy ? eq(bulkJobs.createdBy, createdBy) : undefined))
    .limit(1);
  return row ?? null;
}
export type BulkJob = NonNullable<Awaited<ReturnType<typeof findJob>>>;

/** The job held for this transaction (two deliveries of one job take turns), with its progress. */
export async function lockJob(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select({ status: bulkJobs.status, processed: bulkJobs.processed })
    .from(bulkJobs)
    .where(eq(bulkJobs.id, id))
    .for('update')
    .limit(1);
  return row ?? null;
}

/** Record ids `from` (0-based) on, at most `limit` of them. */
export async function jobRecordIds(db: DbOrTx, id: string, from: number, limit: number): Promise<string[]> {
  // PostgreSQL arrays count from 1.
  const [row] = await db
    .select({ ids: sql<string[]>`${bulkJobs.recordIds}[${from + 1}:${from + limit}]` })
    .from(bulkJobs)
    .where(eq(bulkJobs.id, id))
    .limit(1);
  return row?.ids ?? [];
}

export async function updateJob(db: DbOrTx, id: string, values: BulkJobValues, onlyIn?: BulkJobRow['status'][]): Promise<boolean> {
  const rows = await db
    .update(bulkJobs)
    .set(values)
    .where(and(eq(bulkJobs.id, id), onlyIn ? inArray(bulkJobs.status, onlyIn) : undefined))
    .returning({ id: bulkJobs.id });
  return rows.length > 0;
}

/**
 * Fresh planner statistics after a bulk action that changed `done` records, if that is a large
 * share of their table (see analyzeAfterBulkWrite): a tag action writes the tag links, the others
 * the records themselves.
 */
export async function analyzeAfterBulk(db: DbOrTx, entity: 'customer' | 'lead', action: string, done: number): Promise<string[]> {
  if (entity === 'lead') return analyzeAfterBulkWrite(db, [{ table: leads, written: done }]);
  const tagging = action === 'addTag' || action === 'removeTag';
  return analyzeAfterBulkWrite(db, [{ table: customers, written: done }, ...(tagging ? [{ table: customerTags, written: done }] : [])]);
}
