import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, createTestDatabase, type Harness } from '../../../../test/helpers/harness.ts';
import { besidePool, connect } from '../../db/client.ts';

/**
 * The session lookup is the one named prepared statement, and a connection holding one made
 * PostgreSQL 15 fault ~700 KB of memory in anew for each later search statement (2–5 ms each):
 * it runs on connections of its own (besidePool), never on those that serve the rest.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

it('runs on a pool of its own, so no connection serving searches holds a prepared statement (nor read pg_stats)', async () => {
  const admin = await h.admin();
  for (let i = 0; i < 8; i++) expect((await admin.get('/api/v1/auth/me')).status).toBe(200);
  expect((await admin.get('/api/v1/customers?q=北京')).status).toBe(200);

  // Every connection of the main pool at once (so each is a different one): none prepared anything.
  const pool = h.database.pool;
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  try {
    for (const c of clients) expect((await c.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements')).rows[0]?.n).toBe(0);
    const names = await clients[0]!.query<{ name: string }>(`select application_name as name from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    expect(names.rows.map((r) => r.name)).toContain('kehu+sessions');
    // The search read the statistics of its index (pg_stats), which also slowed a connection: on one of their own too.
    expect(names.rows.map((r) => r.name)).toContain('kehu+statistics');
  } finally {
    for (const c of clients) c.release();
  }
});

it('closes that pool with the database', async () => {
  const testDb = await createTestDatabase();
  const url = testDb.url;
  const database = connect(url, { max: 2 });
  const side = besidePool(database.db, 'sessions');
  expect(side).toBeDefined();
  expect(besidePool(database.db, 'sessions')).toBe(side);
  const name = await side!.execute<{ name: string }>(sql`select current_setting('application_name') as name`);
  expect(name.rows[0]?.name).toBe('kehu+sessions');
  await database.close();
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    const left = await watcher.query(`select 1 from pg_stat_activity where datname = current_database() and application_name = 'kehu+sessions'`);
    expect(left.rowCount).toBe(0);
  } finally {
    await watcher.end();
    await testDb.drop();
  }
});
