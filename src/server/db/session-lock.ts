import pg from 'pg';
import type { DbOrTx } from './client.ts';

/**
 * Runs `fn` holding a session-level advisory lock `(space, hashtext(key))` on a connection of its
 * own: one holder across all processes, and a holder that dies (killed, crashed, its connection
 * cut) loses the lock with its connection, so the next one may take over. Returns null when
 * another session holds the lock. (A transaction-level lock would end with each transaction;
 * senders commit after every group.)
 */
export async function withSessionLock<T>(db: DbOrTx, space: number, key: string, fn: () => Promise<T>): Promise<T | null> {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) throw new Error('a session lock needs the pool, not a transaction');
  const client = await pool.connect();
  let broken = false;
  try {
    const got = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::int, hashtext($2)) as locked', [space, key]);
    if (!got.rows[0]?.locked) return null;
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1::int, hashtext($2))', [space, key]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection whose unlock failed is dropped, so the lock cannot outlive this run.
    client.release(broken);
  }
}
