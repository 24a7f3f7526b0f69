import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings, industries } from '../../db/schema/index.ts';

export async function readSetting(db: DbOrTx, key: string): Promise<string | null> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).limit(1);
  return row?.value ?? null;
}

export async function writeSetting(db: DbOrTx, key: string, value: string, at: Date) {
  await db
    .insert(appSettings)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: at } });
}

/** The industry a new customer is most likely to get: the first active one in the list order. */
export async function firstActiveIndustry(db: DbOrTx): Promise<string | null> {
  const [row] = await db.select({ code: industries.code }).from(industries).where(and(eq(industries.active, true))).orderBy(asc(industries.sortOrder), asc(industries.code)).limit(1);
  return row?.code ?? null;
}
