import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, customers, customerTags, departments, industries, leads, tags, users } from '../../db/schema/index.ts';
import { viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { customerScope } from '../customers/index.ts';

/** 导出所选: only the selected customers (undefined: no such condition). */
export function customerIdIn(ids: readonly string[] | undefined): SQL | undefined {
  return ids ? inArray(customers.id, [...ids]) : undefined;
}

export function leadIdIn(ids: readonly string[] | undefined): SQL | undefined {
  return ids ? inArray(leads.id, [...ids]) : undefined;
}

export async function industryNames(db: DbOrTx) {
  const rows = await db.select({ code: industries.code, nameZh: industries.nameZh, nameEn: industries.nameEn }).from(industries);
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * A batch of contacts of the customers `viewer` sees that `customerFilters` select, after
 * `afterId` (contact ids are time-ordered UUIDv7, so this is creation order and a stable keyset).
 */
export async function contactBatch(db: DbOrTx, viewer: Viewer, customerFilters: (SQL | undefined)[], afterId: string | null, limit: number) {
  return db
    .select({ contact: contacts, customerNumber: customers.number, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(isNull(contacts.deletedAt), isNull(customers.mergedIntoId), viewerScope(viewer, customerScope), ...customerFilters, afterId ? gt(contacts.id, afterId) : undefined))
    .orderBy(asc(contacts.id))
    .limit(limit);
}

/**
 * A batch of the customer list for the export: only the exported columns, tag names aggregated in
 * the same query (one round trip a batch), keyset-paged like the list itself.
 */
export function customerBatch(db: DbOrTx, opts: { viewer: Viewer; filters: (SQL | undefined)[]; sort: SortKey; cursor: string | undefined; limit: number }) {
  return db
    .select({
      id: customers.id,
      number: customers.number,
      name: customers.name,
      kind: customers.kind,
      creditCode: customers.creditCode,
      industryCode: customers.industryCode,
      employeeSize: customers.employeeSize,
      annualRevenue: customers.annualRevenue,
      provinceCode: customers.provinceCode,
      cityCode: customers.cityCode,
      districtCode: customers.districtCode,
      address: customers.address,
      region: customers.region,
      sourceChannel: customers.sourceChannel,
      sourceDetail: customers.sourceDetail,
      firstContactDate: customers.firstContactDate,
      stage: customers.stage,
      grade: customers.grade,
      needs: customers.needs,
      budgetNotes: customers.budgetNotes,
      decisionNotes: customers.decisionNotes,
      lastFollowUpAt: customers.lastFollowUpAt,
      createdAt: customers.createdAt,
      updatedAt: customers.updatedAt,
      ownerName: users.displayName,
      departmentName: departments.name,
      tagNames: sql<string | null>`(select string_agg(${tags.name}, ', ' order by ${tags.name}) from ${customerTags} join ${tags} on ${tags.id} = ${customerTags.tagId} where ${customerTags.customerId} = ${customers.id})`,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .leftJoin(departments, eq(departments.id, customers.departmentId))
    .where(and(viewerScope(opts.viewer, customerScope), isNull(customers.mergedIntoId), ...opts.filters, afterCursor(opts.sort, customers.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, customers.id))
    .limit(opts.limit);
}
