import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { industries } from '../../db/schema/index.ts';

/** The industry a new customer is most likely to get: the first active one in the list order. */
export async function firstActiveIndustry(db: DbOrTx): Promise<string | null> {
  const [row] = await db.select({ code: industries.code }).from(industries).where(and(eq(industries.active, true))).orderBy(asc(industries.sortOrder), asc(industries.code)).limit(1);
  return row?.code ?? null;
}
