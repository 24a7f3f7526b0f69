import type { z } from 'zod';
import type { createProductBody, listProductsQuery, Product, updateProductBody } from '../../../contracts/products.ts';
import { bpToPercent, percentToBp } from '../../../contracts/money.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { sortKey, toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import * as q from './products.queries.ts';

/**
 * 产品: the catalogue. Everyone in sales reads it (`product:read`); those with `product:create`
 * / `update` / `delete` maintain it. A product on any line is retired rather than deleted, and
 * its SKU stays as printed.
 */
export function toProduct(row: q.ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    category: row.category,
    unit: row.unit,
    listPriceFen: row.listPriceFen,
    currency: row.currency,
    taxRatePercent: bpToPercent(row.taxRateBp),
    status: row.status,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function auditView(p: Product) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ...rest } = p;
  return rest;
}

const label = (p: { sku: string; name: string }) => `${p.sku} ${p.name}`;

export async function listProducts(deps: Deps, ctx: Ctx, query: z.infer<typeof listProductsQuery>) {
  requirePermission(ctx.actor, 'product', 'read');
  const sort = sortKey(query.sort, q.productSortColumns);
  const sortField = query.sort.replace(/^-/, '') as 'name' | 'sku' | 'createdAt';
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listProducts(deps.db, { filters: query, sort, cursor: query.cursor, limit: query.limit }), () =>
    q.countProducts(deps.db, { filters: query, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r[sortField], r.id], toProduct), ...total };
}

export async function productCategories(deps: Deps, ctx: Ctx) {
  requirePermission(ctx.actor, 'product', 'read');
  return { items: await q.categories(deps.db) };
}

export async function getProduct(deps: Deps, ctx: Ctx, id: string): Promise<Product> {
  requirePermission(ctx.actor, 'product', 'read');
  const row = await q.findProduct(deps.db, id);
  if (!row) throw notFound('product');
  return toProduct(row);
}

async function assertSkuFree(deps: Deps, sku: string, exceptId?: string) {
  const same = await q.findBySku(deps.db, sku);
  if (same && same.id !== exceptId) throw invalid([{ path: 'sku', key: 'product.skuTaken', params: { name: same.name } }]);
}

export async function createProduct(deps: Deps, ctx: Ctx, input: z.infer<typeof createProductBody>): Promise<Product> {
  requirePermission(ctx.actor, 'product', 'create');
  await assertSkuFree(deps, input.sku);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertProduct(tx, {
      sku: input.sku,
      name: input.name,
      category: input.category ?? null,
      unit: input.unit,
      listPriceFen: input.listPriceFen,
      currency: input.currency,
      taxRateBp: percentToBp(input.taxRatePercent),
      description: input.description ?? null,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const row = await q.findProduct(tx, id);
    if (!row) throw notFound('product');
    const created = toProduct(row);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'product', entityId: id, entityLabel: label(created), after: auditView(created) });
    return created;
  });
}

export async function updateProduct(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateProductBody>): Promise<Product> {
  requirePermission(ctx.actor, 'product', 'update');
  const before = await q.findProduct(deps.db, id);
  if (!before) throw notFound('product');
  const values: q.ProductChanges = { updatedAt: ctx.now };
  for (const key of ['name', 'category', 'unit', 'listPriceFen', 'currency', 'status', 'description'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  if (input.taxRatePercent !== undefined) values.taxRateBp = percentToBp(input.taxRatePercent);
  if (input.sku !== undefined && input.sku !== before.sku) {
    if (await q.productInUse(deps.db, id)) throw invalid([{ path: 'sku', key: 'product.skuInUse' }]);
    await assertSkuFree(deps, input.sku, id);
    values.sku = input.sku;
  }
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateProduct(tx, id, input.version, values))) throw versionConflict();
    const row = await q.findProduct(tx, id);
    if (!row) throw notFound('product');
    const after = toProduct(row);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'product', entityId: id, entityLabel: label(after), before: auditView(toProduct(before)), after: auditView(after) });
    return after;
  });
}

/** Only a product no line names may be deleted; one in use is retired instead (422 says so). */
export async function deleteProduct(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'product', 'delete');
  const before = await q.findProduct(deps.db, id);
  if (!before) throw notFound('product');
  if (await q.productInUse(deps.db, id)) throw businessRule('product.inUse', { name: before.name });
  await deps.db.transaction(async (tx) => {
    await q.softDeleteProduct(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'product', entityId: id, entityLabel: label(before), before: auditView(toProduct(before)) });
  });
}
