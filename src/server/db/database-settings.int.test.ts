import fs from 'node:fs';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/harness.ts';

/**
 * Migrations that set the database for every new connection (ALTER DATABASE … SET), through a
 * pooler too. A database cloned from the tests' migrated template does not inherit them, so each
 * test runs its migration's statement on a fresh database of its own and reads the value from a
 * new connection, as Kehu's connections get it.
 */
async function settingAfterMigration(migration: string, setting: string): Promise<{ before: string | undefined; after: string | undefined }> {
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
    const show = (c: pg.Client) => c.query<Record<string, string>>(`show ${setting}`).then((r) => r.rows[0]?.[setting]);
    const before = await session(show);
    await session((c) => c.query(fs.readFileSync(new URL(`./migrations/${migration}`, import.meta.url), 'utf8')));
    return { before, after: await session(show) };
  } finally {
    await database.drop();
  }
}

/** Migration 0033: parallel workers planned only for large scans (decision 0008). */
it('sets parallel_setup_cost on the database for every new connection', async () => {
  expect(await settingAfterMigration('0033_parallel_setup_cost.sql', 'parallel_setup_cost')).toEqual({ before: '1000', after: '100000' });
});

/**
 * Migration 0042: no JIT compilation (decision 0014). A server built with LLVM loaded it into
 * each new backend on the first statement it priced high, an EXPLAIN included (60–75 ms).
 */
it('turns JIT off on the database for every new connection', async () => {
  expect(await settingAfterMigration('0042_database_jit_off.sql', 'jit')).toEqual({ before: 'on', after: 'off' });
});
