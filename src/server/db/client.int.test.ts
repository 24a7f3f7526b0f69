import { expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/harness.ts';
import { connect } from './client.ts';

/**
 * A new pool connection is a new server process that loads the catalog on its first statements
 * (20–45 ms for a search), so the pool keeps its connections through quiet spells — longer than
 * an import takes (27 s for 100,000 companies) — instead of pg's 10 s.
 */
it('keeps its connections, and the server processes behind them, through a quiet spell', async () => {
  const testDb = await createTestDatabase();
  const database = connect(testDb.url, { max: 4 });
  try {
    const pid = async () => (await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const pids = new Set(await Promise.all([pid(), pid(), pid()]));
    expect(pids.size).toBe(3);
    expect(database.pool.options.idleTimeoutMillis).toBeGreaterThanOrEqual(5 * 60_000);
    // Below the two kept, an idle connection is never closed for idleness.
    expect(database.pool.options.min).toBe(2);
    expect(database.pool.idleCount).toBe(3);
    expect(pids.has(await pid())).toBe(true);
  } finally {
    await database.close();
    await testDb.drop();
  }
});
