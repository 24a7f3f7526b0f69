import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, customers, industries } from '../../db/schema/index.ts';

export async function industryNames(db: DbOrTx) {
  const rows = await db.select({ code: industries.code, nameZh: industries.nameZh, nameEn: industries.nameEn }).from(industries);
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * A batch of contacts of the customers `customerWhere` selects, after `afterId` (contact ids are
 * time-ordered UUIDv7, so this is creation order and a stable keyset).
 */
export async function contactBatch(db: DbOrTx, customerWhere: (SQL | undefined)[], afterId: string | null, limit: number) {
  return db
    .select({ contact: contacts, customerNumber: customers.number, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(isNull(contacts.deletedAt), isNull(customers.mergedIntoId), ...customerWhere, afterId ? gt(contacts.id, afterId) : undefined))
    .orderBy(asc(contacts.id))
    .limit(limit);
}
