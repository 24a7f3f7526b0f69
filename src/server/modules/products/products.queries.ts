import { and, asc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { opportunityItems, orderItems, products, quoteItems } from '../../db/schema/index.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

export type ProductRow = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
/** The columns an update may set. */
export type ProductChanges = Partial<typeof products.$inferInsert>;

/** The columns a product list may be sorted by (the `sort` values of listProductsQuery). */
export const productSortColumns: Record<string, Omit<SortKey, 'direction'>> = {
  name: { column: products.name, type: 'text' },
  sku: { column: products.sku, type: 'text' },
  createdAt: { column: products.createdAt, type: 'timestamptz' },
};

/**
 * The items tables of opportunities, quotes and orders have the same columns but for the id of
 * their document: a line of any of them, as stored and as inserted, without that id.
 */
export type StoredLineRow = Omit<typeof opportunityItems.$inferSelect, 'opportunityId'>;
export type NewLineRow = Omit<typeof opportunityItems.$inferInsert, 'opportunityId'>;

export async function findProduct(db: DbOrTx, id: string): Promise<ProductRow | null> {
  const [row] = await db.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).limit(1);
  return row ?? null;
}

/** Products by id, deleted ones included: a line may name a product deleted since. */
export async function productsByIds(db: DbOrTx, ids: readonly string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(products).where(inArray(products.id, [...ids]));
}

export async function findBySku(db: DbOrTx, sku: string): Promise<ProductRow | null> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(sql`lower(${products.sku}) = lower(${sku})`, isNull(products.deletedAt)))
    .limit(1);
  return row ?? null;
}

export interface ProductFilters {
  q?: string | undefined;
  status?: string | undefined;
  category?: string | undefined;
}

function productListWhere(f: ProductFilters) {
  return and(
    isNull(products.deletedAt),
    f.q ? or(ilike(products.sku, containsPattern(f.q)), ilike(products.name, containsPattern(f.q))) : undefined,
    f.status ? eq(products.status, f.status as 'active') : undefined,
    f.category ? eq(products.category, f.category) : undefined,
  );
}

export async function listProducts(db: DbOrTx, opts: { filters: ProductFilters; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return db
    .select()
    .from(products)
    .where(and(productListWhere(opts.filters), afterCursor(opts.sort, products.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, products.id))
    .limit(opts.limit + 1);
}

/** The total of a product list (listProducts without cursor, order and limit). */
export function countProducts(db: DbOrTx, opts: { filters: ProductFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, db.select({ id: products.id }).from(products).where(productListWhere(opts.filters)), opts.exactUpTo);
}

export async function categories(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ category: products.category })
    .from(products)
    .where(and(isNull(products.deletedAt), isNotNull(products.category)))
    .orderBy(asc(products.category));
  return rows.map((r) => r.category).filter((c): c is string => c !== null);
}

export async function insertProduct(db: DbOrTx, values: NewProduct): Promise<string> {
  const [row] = await db.insert(products).values(values).returning({ id: products.id });
  if (!row) throw new Error('product insert returned nothing');
  return row.id;
}

export async function updateProduct(db: DbOrTx, id: string, version: number, values: ProductChanges): Promise<boolean> {
  const rows = await db
    .update(products)
    .set({ ...values, version: sql`${products.version} + 1` })
    .where(and(eq(products.id, id), eq(products.version, version), isNull(products.deletedAt)))
    .returning({ id: products.id });
  return rows.length === 1;
}

export async function softDeleteProduct(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(products).set({ deletedAt: at, updatedAt: at }).where(eq(products.id, id));
}

/** Whether any opportunity, quote or order line names the product. */
export async function productInUse(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.execute<{ used: boolean }>(
    sql`select exists (select 1 from ${opportunityItems} where product_id = ${id}) or exists (select 1 from ${quoteItems} where product_id = ${id}) or exists (select 1 from ${orderItems} where product_id = ${id}) as used`,
  ).then((r) => r.rows);
  return row?.used ?? false;
}
