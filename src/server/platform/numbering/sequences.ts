import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { numberSequences } from '../../db/schema/index.ts';

/**
 * The next value of a number sequence. Call it inside the transaction that creates the record:
 * the row stays locked until that transaction ends, so two creates never get the same value, and
 * a rolled-back create gives its value back (no number is ever assigned to two records).
 */
export async function nextSequence(db: DbOrTx, scope: string): Promise<number> {
  const [row] = await db
    .insert(numberSequences)
    .values({ scope, lastValue: 1 })
    .onConflictDoUpdate({
      target: numberSequences.scope,
      set: { lastValue: sql`${numberSequences.lastValue} + 1`, updatedAt: sql`now()` },
    })
    .returning({ value: numberSequences.lastValue });
  if (!row) throw new Error(`sequence ${scope} returned nothing`);
  return row.value;
}

/**
 * Draws `count` consecutive values in one UPSERT and returns the first (the block is `first` to
 * `first + count - 1`): a bulk import numbers a batch of a thousand records with one statement
 * instead of a thousand. Same locking and rollback behaviour as `nextSequence`.
 */
export async function takeSequence(db: DbOrTx, scope: string, count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`takeSequence: count must be a positive integer, got ${count}`);
  const [row] = await db
    .insert(numberSequences)
    .values({ scope, lastValue: count })
    .onConflictDoUpdate({
      target: numberSequences.scope,
      set: { lastValue: sql`${numberSequences.lastValue} + ${count}`, updatedAt: sql`now()` },
    })
    .returning({ value: numberSequences.lastValue });
  if (!row) throw new Error(`sequence ${scope} returned nothing`);
  return row.value - count + 1;
}

/**
 * `takeSequence` for several scopes in one statement (scope → count in, scope → first value out):
 * an import batch spans a sequence per industry, and one round trip per scope cost more than the
 * statements themselves. The rows are locked in scope order, so two imports drawing from the same
 * scopes queue rather than deadlock.
 */
export async function takeSequences(db: DbOrTx, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const scopes = [...counts.keys()].sort();
  for (const scope of scopes) {
    const count = counts.get(scope);
    if (count === undefined || !Number.isInteger(count) || count < 1) throw new Error(`takeSequences: count must be a positive integer, got ${count} for ${scope}`);
  }
  if (scopes.length === 0) return new Map();
  const rows = await db
    .insert(numberSequences)
    .values(scopes.map((scope) => ({ scope, lastValue: counts.get(scope) ?? 0 })))
    .onConflictDoUpdate({
      target: numberSequences.scope,
      set: { lastValue: sql`${numberSequences.lastValue} + excluded.last_value`, updatedAt: sql`now()` },
    })
    .returning({ scope: numberSequences.scope, value: numberSequences.lastValue });
  const first = new Map(rows.map((r) => [r.scope, r.value - (counts.get(r.scope) ?? 0) + 1]));
  if (first.size !== scopes.length) throw new Error('takeSequences: a scope returned nothing');
  return first;
}

/** The value `nextSequence` would give now, without drawing it (for previews; a create may take it first). */
export async function peekSequence(db: DbOrTx, scope: string): Promise<number> {
  const [row] = await db.select({ value: numberSequences.lastValue }).from(numberSequences).where(eq(numberSequences.scope, scope)).limit(1);
  return (row?.value ?? 0) + 1;
}

/**
 * Moves each sequence up to at least the given value (never down), in one statement: records
 * imported with numbers of their own (LX2024007) must not be handed the same number later.
 */
export async function raiseSequences(db: DbOrTx, atLeast: ReadonlyMap<string, number>): Promise<void> {
  if (atLeast.size === 0) return;
  const scopes = [...atLeast.keys()].sort();
  await db
    .insert(numberSequences)
    .values(scopes.map((scope) => ({ scope, lastValue: atLeast.get(scope) ?? 0 })))
    .onConflictDoUpdate({
      target: numberSequences.scope,
      set: { lastValue: sql`greatest(${numberSequences.lastValue}, excluded.last_value)`, updatedAt: sql`now()` },
    });
}
