import { and, count, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customerClaims, customers } from '../../db/schema/index.ts';

export async function claimsSince(db: DbOrTx, userId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customerClaims)
    .where(and(eq(customerClaims.userId, userId), gte(customerClaims.at, since)));
  return row?.n ?? 0;
}

export async function ownedCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customers)
    .where(and(eq(customers.ownerId, userId), isNull(customers.deletedAt), isNull(customers.mergedIntoId)));
  return row?.n ?? 0;
}

/** Whether the customer's present owner took it from the pool (a claim at the moment their ownership began). */
export async function ownedThroughClaim(db: DbOrTx, id: string, ownedSince: Date | null): Promise<boolean> {
  if (!ownedSince) return false;
  const [row] = await db
    .select({ n: count() })
    .from(customerClaims)
    .where(and(eq(customerClaims.customerId, id), eq(customerClaims.at, ownedSince)));
  return (row?.n ?? 0) > 0;
}

/** Takes a pool customer if it is still in the pool; false when someone was faster. */
export async function takeFromPool(db: DbOrTx, id: string, userId: string, departmentId: string | null, at: Date): Promise<boolean> {
  const rows = await db
    .update(customers)
    .set({ ownerId: userId, departmentId, ownedSince: at, poolEnteredAt: null, updatedAt: at, version: sql`${customers.version} + 1` })
    .where(and(eq(customers.id, id), isNull(customers.ownerId), isNull(customers.deletedAt), isNull(customers.mergedIntoId)))
    .returning({ id: customers.id });
  if (rows.length === 1) await db.insert(customerClaims).values({ customerId: id, userId, at });
  return rows.length === 1;
}

const lastActivity = sql<Date>`greatest(${customers.lastFollowUpAt}, ${customers.ownedSince}, ${customers.createdAt})`;

/** Owned customers of a stage whose last activity is older than `before` (and, if given, not older than `notBefore`). */
export async function idleOwned(db: DbOrTx, stage: string, before: Date, notBefore?: Date) {
  return db
    .select({ id: customers.id, number: customers.number, name: customers.name, ownerId: customers.ownerId, lastActivityMs: sql<string>`floor(extract(epoch from ${lastActivity}) * 1000)::bigint::text` })
    .from(customers)
    .where(
      and(
        isNotNull(customers.ownerId),
        isNull(customers.deletedAt),
        isNull(customers.mergedIntoId),
        sql`${customers.stage} = ${stage}`,
        sql`${lastActivity} < ${before}`,
        notBefore ? sql`${lastActivity} >= ${notBefore}` : undefined,
      ),
    );
}

export async function releaseToPool(db: DbOrTx, id: string, at: Date) {
  await db
    .update(customers)
    .set({ ownerId: null, ownedSince: null, poolEnteredAt: at, updatedAt: at, version: sql`${customers.version} + 1` })
    .where(eq(customers.id, id));
}

/** Serialises one user's claims until the end of the transaction. */
export async function lockClaimsOf(tx: DbOrTx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`claim:${userId}`}))`);
}

/** A live customer about to be claimed, whoever owns it (the claim decides what to answer). */
export async function claimTarget(db: DbOrTx, id: string) {
  const [target] = await db
    .select({ id: customers.id, ownerId: customers.ownerId, ownedSince: customers.ownedSince, number: customers.number, name: customers.name })
    .from(customers)
    .where(and(eq(customers.id, id), isNull(customers.deletedAt)));
  return target ?? null;
}
