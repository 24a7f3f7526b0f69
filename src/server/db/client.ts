import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Timestamps come back as Date, bigint counts as numbers (counts never reach 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** How long a pool's connection may sit idle before it is closed (beyond the two kept). */
const IDLE_TIMEOUT_MS = 10 * 60_000;

export function connect(url: string, opts: { max?: number; applicationName?: string; idleTimeoutMillis?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // Kept for minutes, not pg's default 10 s: a new connection is a new server process, whose
    // first statements load the catalog (the customers table's indexes, their statistics) —
    // 20–45 ms on the first search after a pause, and after every import longer than 10 s
    // the searches right after it ran on new connections. Two stay open however long it is quiet.
    idleTimeoutMillis: opts.idleTimeoutMillis ?? IDLE_TIMEOUT_MS,
    min: Math.min(2, opts.max ?? 10),
    application_name: opts.applicationName ?? 'kehu',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool, close: () => pool.end() };
}

const besides = new WeakMap<pg.Pool, Map<string, Db>>();

/**
 * A small pool of its own beside `db`'s (same server and options, its own connections), for
 * statements that must not run on the connections serving everything else; undefined for a
 * transaction (it has no pool). Its connections close after a minute idle and never keep the
 * process alive.
 *
 * Why (Debian's PostgreSQL 15): a connection that holds a named prepared statement soon faulted
 * ~700 KB of memory in anew for each later large statement — ~180 minor page faults and 2–5 ms
 * more per search — for the rest of its life (found per backend in /proc/<pid>/stat; DISCARD
 * ALL did not mend it, an unnamed statement never caused it), and so did one that had read the
 * statistics view pg_stats. The session lookup, the one prepared statement, and the reading of
 * the search index's statistics run on such pools of their own (findSessionActor,
 * loadGramStatistics).
 */
export function besidePool(db: DbOrTx, purpose: string, max = 2): Db | undefined {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return undefined;
  let mine = besides.get(pool);
  if (!mine) besides.set(pool, (mine = new Map<string, Db>()));
  let beside = mine.get(purpose);
  if (!beside) {
    const side = new pg.Pool({ ...pool.options, max, min: 0, idleTimeoutMillis: 60_000, allowExitOnIdle: true, application_name: `${pool.options.application_name ?? 'kehu'}+${purpose}` });
    side.on('error', () => undefined);
    // Ended with its pool: pg.Pool#end is the one way every Database is closed.
    const end = pool.end.bind(pool);
    pool.end = async () => {
      await side.end().catch(() => undefined);
      return end();
    };
    beside = drizzle(side, { schema, casing: 'snake_case' });
    mine.set(purpose, beside);
  }
  return beside;
}

const MIGRATION_LOCK = 0x6b656875; // "kehu"

/**
 * Applies pending migrations. Several processes may start at once against one database:
 * an advisory lock lets one migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    // Closed, not returned to the pool: a session reads the database's settings when it starts,
    // and a migration may have changed them (0033 parallel_setup_cost).
    client.release(true);
  }
}

/**
 * Whether the database classifies Chinese characters as letters. Duplicate checks and search
 * rely on pg_trgm, which ignores characters the database's locale does not call letters: in a
 * database created with the plain C locale, Chinese names get no trigrams at all.
 */
export async function supportsChineseTrigrams(pool: pg.Pool): Promise<boolean> {
  const result = await pool.query<{ n: number }>("select coalesce(array_length(show_trgm('客户'), 1), 0) as n");
  return (result.rows[0]?.n ?? 0) > 0;
}
