import fs from 'node:fs';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/harness.ts';

/**
 * Migration 0033 sets the database to plan parallel workers only for large scans. A database
 * cloned from the tests' migrated template does not inherit ALTER DATABASE settings, so the test
 * runs the migration's statement on its own fresh database and reads the value from a new
 * connection, as Kehu's connections get it.
 */
it('sets parallel_setup_cost on the database for every new connection', async () => {
  const database = await createTestDatabase();
  const session = async <T>(work: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  try {
    const show = (c: pg.Client) => c.query<{ parallel_setup_cost: string }>('show parallel_setup_cost').then((r) => r.rows[0]?.parallel_setup_cost);
    expect(await session(show)).toBe('1000');
    await session((c) => c.query(fs.readFileSync(new URL('./migrations/0033_parallel_setup_cost.sql', import.meta.url), 'utf8')));
    expect(await session(show)).toBe('100000');
  } finally {
    await database.drop();
  }
});
