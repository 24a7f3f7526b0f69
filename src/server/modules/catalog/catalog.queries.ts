import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, customerTags, industries, sourceChannels, tags } from '../../db/schema/index.ts';

export async function listIndustries(db: DbOrTx) {
  return db.select().from(industries).orderBy(asc(industries.sortOrder), asc(industries.code));
}
export type IndustryRow = Awaited<ReturnType<typeof listIndustries>>[number];
export type NewIndustry = typeof industries.$inferInsert;
/** The columns an update may set. */
export type IndustryChanges = Partial<typeof industries.$inferInsert>;

export async function findIndustry(db: DbOrTx, code: string): Promise<IndustryRow | null> {
  const [row] = await db.select().from(industries).where(eq(industries.code, code)).limit(1);
  return row ?? null;
}

export async function insertIndustry(db: DbOrTx, values: NewIndustry) {
  await db.insert(industries).values(values);
}

export async function updateIndustry(db: DbOrTx, code: string, version: number, values: IndustryChanges) {
  const rows = await db
    .update(industries)
    .set({ ...values, version: sql`${industries.version} + 1` })
    .where(and(eq(industries.code, code), eq(industries.version, version)))
    .returning({ code: industries.code });
  return rows.length === 1;
}

/**
 * Tags with how many live customers carry each, so admins see what deleting one touches: one
 * grouped count joined to the tags. (A correlated subquery in the select list does not work
 * here: Drizzle writes `tags.id` there as a bare "id", which the subquery reads as the
 * customer's id, so every count was 0.)
 */
export async function listTags(db: DbOrTx) {
  const counts = db
    .select({ tagId: customerTags.tagId, n: count().as('n') })
    .from(customerTags)
    .innerJoin(customers, and(eq(customers.id, customerTags.customerId), isNull(customers.deletedAt)))
    .groupBy(customerTags.tagId)
    .as('tag_counts');
  return db
    .select({
      id: tags.id,
      name: tags.name,
      color: tags.color,
      createdAt: tags.createdAt,
      version: tags.version,
      customerCount: sql<number>`coalesce(${counts.n}, 0)`.mapWith(Number),
    })
    .from(tags)
    .leftJoin(counts, eq(counts.tagId, tags.id))
    .orderBy(asc(tags.name));
}
export type TagRow = Awaited<ReturnType<typeof listTags>>[number];
/** The columns an update may set. */
export type TagChanges = Partial<typeof tags.$inferInsert>;

export async function findTag(db: DbOrTx, id: string): Promise<TagRow | null> {
  const rows = await listTags(db);
  return rows.find((r) => r.id === id) ?? null;
}

export async function tagNameTaken(db: DbOrTx, name: string, exceptId: string | null) {
  const [row] = await db
    .select({ id: tags.id })
    .from(tags)
    .where(and(sql`lower(${tags.name}) = lower(${name})`, exceptId ? sql`${tags.id} <> ${exceptId}` : undefined))
    .limit(1);
  return !!row;
}

export async function insertTag(db: DbOrTx, values: typeof tags.$inferInsert): Promise<string> {
  const [row] = await db.insert(tags).values(values).returning({ id: tags.id });
  if (!row) throw new Error('tag insert returned nothing');
  return row.id;
}

export async function updateTag(db: DbOrTx, id: string, version: number, values: TagChanges) {
  const rows = await db
    .update(tags)
    .set({ ...values, version: sql`${tags.version} + 1` })
    .where(and(eq(tags.id, id), eq(tags.version, version)))
    .returning({ id: tags.id });
  return rows.length === 1;
}

export async function deleteTag(db: DbOrTx, id: string) {
  await db.delete(tags).where(eq(tags.id, id));
}

// ---------------------------------------------------------------------------------------------
// Source channels (来源渠道)

export async function listSourceChannels(db: DbOrTx) {
  return db.select().from(sourceChannels).orderBy(asc(sourceChannels.sortOrder), asc(sourceChannels.key));
}
export type SourceChannelRow = Awaited<ReturnType<typeof listSourceChannels>>[number];
export type SourceChannelChanges = Partial<typeof sourceChannels.$inferInsert>;

export async function findSourceChannel(db: DbOrTx, key: string): Promise<SourceChannelRow | null> {
  const [row] = await db.select().from(sourceChannels).where(eq(sourceChannels.key, key)).limit(1);
  return row ?? null;
}

/** Whether a name (Chinese or English, case-insensitive) is already another channel's. */
export async function sourceChannelNameTaken(db: DbOrTx, nameZh: string | undefined, nameEn: string | undefined, exceptKey: string | null): Promise<'nameZh' | 'nameEn' | null> {
  const rows = await db
    .select({ nameZh: sourceChannels.nameZh, nameEn: sourceChannels.nameEn })
    .from(sourceChannels)
    .where(exceptKey ? sql`${sourceChannels.key} <> ${exceptKey}` : undefined);
  if (nameZh && rows.some((r) => r.nameZh.toLowerCase() === nameZh.toLowerCase())) return 'nameZh';
  if (nameEn && rows.some((r) => r.nameEn.toLowerCase() === nameEn.toLowerCase())) return 'nameEn';
  return null;
}

export async function insertSourceChannel(db: DbOrTx, values: typeof sourceChannels.$inferInsert) {
  await db.insert(sourceChannels).values(values);
}

export async function updateSourceChannel(db: DbOrTx, key: string, version: number, values: SourceChannelChanges) {
  const rows = await db
    .update(sourceChannels)
    .set({ ...values, version: sql`${sourceChannels.version} + 1` })
    .where(and(eq(sourceChannels.key, key), eq(sourceChannels.version, version)))
    .returning({ key: sourceChannels.key });
  return rows.length === 1;
}

/** Whether `key` names a channel in use (not retired): what a new or changed record may take. */
export async function activeSourceChannel(db: DbOrTx, key: string): Promise<boolean> {
  const [row] = await db.select({ key: sourceChannels.key }).from(sourceChannels).where(and(eq(sourceChannels.key, key), eq(sourceChannels.active, true))).limit(1);
  return !!row;
}
