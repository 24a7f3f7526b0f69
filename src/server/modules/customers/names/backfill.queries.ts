import { asc, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { customers, leads } from '../../../db/schema/index.ts';

/** The tables that store a name key, with the name it is made from. */
const TABLES = {
  customers: { table: customers, id: customers.id, name: customers.name, key: customers.nameKey },
  leads: { table: leads, id: leads.id, name: leads.companyName, key: leads.companyKey },
} as const;
export type KeyedTable = keyof typeof TABLES;

/** The next `limit` rows (deleted ones too: they may be restored) after `afterId`, in id order. */
export async function nameBatch(db: DbOrTx, which: KeyedTable, afterId: string | null, limit: number): Promise<{ id: string; name: string | null; key: string | null }[]> {
  const t = TABLES[which];
  return db
    .select({ id: t.id, name: t.name, key: t.key })
    .from(t.table)
    .where(afterId ? gt(t.id, afterId) : undefined)
    .orderBy(asc(t.id))
    .limit(limit);
}

/**
 * Writes new keys in one statement. Only the key: neither `version` nor `updated_at` moves, since
 * the record did not change for its users (and an open edit form must not get a conflict).
 */
export async function setNameKeys(db: DbOrTx, which: KeyedTable, rows: readonly { id: string; key: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  const t = TABLES[which];
  const ids = rows.map((r) => r.id);
  const keys = rows.map((r) => r.key);
  await db.execute(
    sql`update ${t.table} set ${sql.identifier(t.key.name)} = v.key
        from unnest(${sql.param(ids)}::uuid[], ${sql.param(keys)}::text[]) as v(id, key)
        where ${t.table}.${sql.identifier(t.id.name)} = v.id`,
  );
}
