import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/helpers/harness.ts';
import { customers } from './schema/index.ts';
import { analyzeAfterBulkWrite, estimatedRows, plannedRows, READING_MAX_AGE_MS, statisticsReading } from './statistics.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const insertCustomers = (from: number, to: number, name: (g: string) => string) =>
  h.deps.db.execute(
    sql.raw(`insert into customers (id, number, kind, name, name_key, created_at, updated_at)
      select gen_random_uuid(), 'S' || lpad(g::text, 6, '0'), 'company', ${name('g')}, 'k' || g, now(), now() from generate_series(${from}, ${to}) g`),
  );

describe('planner statistics read by the searches', () => {
  it('gives the row count again right after this process analyzed a bulk write, not the one cached a minute', async () => {
    await insertCustomers(1, 2000, () => `'甲' || g`);
    await h.deps.db.execute(sql`analyze customers`);
    expect(await estimatedRows(h.deps.db, customers)).toBe(2000);
    await insertCustomers(2001, 14000, () => `'乙' || g`);
    // Analyzed by someone else: the reading of a minute ago stands.
    await h.deps.db.execute(sql`analyze customers`);
    expect(await estimatedRows(h.deps.db, customers)).toBe(2000);
    // Analyzed by this process's bulk write: read again.
    await analyzeAfterBulkWrite(h.deps.db, [{ table: customers, written: 12000 }]);
    expect(await estimatedRows(h.deps.db, customers)).toBe(14000);
  });

  it('has read them again by the time the bulk write returns, so the next search does not wait for them', async () => {
    await insertCustomers(14001, 26000, () => `'丁' || g`);
    await analyzeAfterBulkWrite(h.deps.db, [{ table: customers, written: 12000 }]);
    // Already settled: a reading still to be made would lose the race to a settled promise.
    expect(await Promise.race([estimatedRows(h.deps.db, customers), Promise.resolve('still to read')])).toBe(26000);
  });

  it('gives a reading older than its age limit at once and reads it again beside it', async () => {
    const start = Date.now();
    let reads = 0;
    let finishRead: (n: number) => void = () => undefined;
    // The first reading at once, later ones when the test finishes them.
    const load = () => (++reads === 1 ? Promise.resolve(1) : new Promise<number>((resolve) => (finishRead = resolve)));
    expect(await statisticsReading(h.deps.db, 'test:age', load, start)).toBe(1);
    expect(await statisticsReading(h.deps.db, 'test:age', load, start + 1000)).toBe(1);
    expect(reads).toBe(1);
    // Old now: the old reading, without waiting, and one new reading started (not one per request).
    const stale = statisticsReading(h.deps.db, 'test:age', load, start + READING_MAX_AGE_MS + 1);
    expect(await Promise.race([stale, Promise.resolve('waited')])).toBe(1);
    expect(await statisticsReading(h.deps.db, 'test:age', load, start + READING_MAX_AGE_MS + 2)).toBe(1);
    expect(reads).toBe(2);
    // Once read, the new one is given.
    finishRead(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await statisticsReading(h.deps.db, 'test:age', load, Date.now())).toBe(2);
    expect(reads).toBe(2);
  });

  it('takes the planner’s estimate of a SELECT from the column’s statistics', async () => {
    // 12,000 of the 14,000 names start with 乙, the others with 甲.
    const many = await plannedRows(h.deps.db, sql`select 1 from ${customers} where ${customers.name} like '%乙%'`);
    expect(many).toBeGreaterThan(12000 * 0.8);
    expect(many).toBeLessThan(12000 * 1.2);
    const few = await plannedRows(h.deps.db, sql`select 1 from ${customers} where ${customers.name} like '%丙%'`);
    expect(few).toBeLessThan(500);
  });
});
