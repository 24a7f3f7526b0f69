import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { savedViews, users } from '../../db/schema/index.ts';

const columns = {
  id: savedViews.id,
  resource: savedViews.resource,
  name: savedViews.name,
  shared: savedViews.shared,
  config: savedViews.config,
  ownerId: savedViews.userId,
  ownerName: users.displayName,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
  version: savedViews.version,
};

/** One's own views of a list, then the views others shared, each by name. */
export async function listViews(db: DbOrTx, userId: string, resource: string) {
  return db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.userId))
    .where(and(eq(savedViews.resource, resource), or(eq(savedViews.userId, userId), eq(savedViews.shared, true))))
    .orderBy(sql`${savedViews.userId} <> ${userId}`, asc(savedViews.name));
}
export type ViewRow = Awaited<ReturnType<typeof listViews>>[number];
/** The columns an update may set. */
export type ViewChanges = Partial<typeof savedViews.$inferInsert>;

export async function findView(db: DbOrTx, id: string): Promise<ViewRow | null> {
  const [row] = await db.select(columns).from(savedViews).innerJoin(users, eq(users.id, savedViews.userId)).where(eq(savedViews.id, id)).limit(1);
  return row ?? null;
}

export async function nameTaken(db: DbOrTx, userId: string, resource: string, name: string, exceptId: string | null) {
  const [row] = await db
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.userId, userId),
        eq(savedViews.resource, resource),
        sql`lower(${savedViews.name}) = lower(${name})`,
        exceptId ? sql`${savedViews.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return !!row;
}

export async function insertView(db: DbOrTx, values: typeof savedViews.$inferInsert): Promise<string> {
  const [row] = await db.insert(savedViews).values(values).returning({ id: savedViews.id });
  if (!row) throw new Error('view insert returned nothing');
  return row.id;
}

export async function updateView(db: DbOrTx, id: string, version: number, values: ViewChanges) {
  const rows = await db
    .update(savedViews)
    .set({ ...values, version: sql`${savedViews.version} + 1` })
    .where(and(eq(savedViews.id, id), eq(savedViews.version, version)))
    .returning({ id: savedViews.id });
  return rows.length === 1;
}

export async function deleteView(db: DbOrTx, id: string) {
  await db.delete(savedViews).where(eq(savedViews.id, id));
}
