import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/helpers/harness.ts';
import { customers } from './schema/index.ts';
import type { DbOrTx } from './client.ts';
import { analyzeAfterBulkWrite, estimatedRows, pendingListFlusher, plannedRows, READING_MAX_AGE_MS, statisticsReading, vacuumAnalyzeAfterBulkWrite } from './statistics.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const insertCustomers = (from: number, to: number, name: (g: string) => string, db: DbOrTx = h.deps.db) =>
  db.execute(
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
    // The first reading at once, the second when the test finishes it, later ones (a bulk write's
    // of a later test reads every reading again) at once.
    const load = () => (++reads === 1 ? Promise.resolve(1) : reads === 2 ? new Promise<number>((resolve) => (finishRead = resolve)) : Promise.resolve(reads));
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

/** Pages the GIN index of the customers' names held in its pending list, moved into the index now. */
const flushNames = async (db: DbOrTx) =>
  Number((await db.execute<{ pages: number }>(sql`select gin_clean_pending_list('customers_search_grams_idx'::regclass) as pages`)).rows[0]?.pages);

/** Customers whose name has the bigram 戊戌, found through the names' GIN index or without it. */
async function withGram(throughIndex: boolean): Promise<number> {
  return h.deps.db.transaction(async (tx) => {
    await tx.execute(sql.raw(throughIndex ? 'set local enable_seqscan = off' : 'set local enable_bitmapscan = off; set local enable_indexscan = off'));
    const { rows } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from customers where deleted_at is null and kehu_name_grams(name, name_initials) @> array['戊戌']`);
    return Number(rows[0]?.n);
  });
}

describe('after a bulk write', () => {
  it('flushes the GIN pending lists beside the transaction that fills them, every so many batches', async () => {
    await flushNames(h.deps.db);
    await h.deps.db.transaction(async (tx) => {
      const flusher = pendingListFlusher(h.deps.db, ['customers'], 2);
      await insertCustomers(30001, 31000, () => `'戊戌' || g`, tx);
      await flusher.nudge();
      // One batch of two: left in the pending list (and moved by this check).
      expect(await flushNames(tx)).toBeGreaterThan(0);
      await insertCustomers(31001, 32000, () => `'戊戌' || g`, tx);
      await insertCustomers(32001, 33000, () => `'戊戌' || g`, tx);
      // The second batch: its pass, on another connection, moved this transaction's entries.
      await flusher.nudge();
      await flusher.stop();
      expect(await flushNames(tx)).toBe(0);
      // Stopped: the next rows stay in the list.
      await insertCustomers(33001, 34000, () => `'戊戌' || g`, tx);
      await flusher.nudge();
      await flusher.nudge();
      expect(await flushNames(tx)).toBeGreaterThan(0);
    });
    // Moved before their transaction committed, the entries find its rows.
    expect(await withGram(false)).toBe(4000);
    expect(await withGram(true)).toBe(4000);
  });

  it('leaves the pending lists to the write when it cannot flush them', async () => {
    const flusher = pendingListFlusher(h.deps.db, ['no_such_table'], 1);
    await expect(flusher.nudge()).resolves.toBeUndefined();
    await expect(flusher.stop()).resolves.toBeUndefined();
  });

  it('vacuums and analyzes the tables: every page all-visible, the indexes counted', async () => {
    await insertCustomers(34001, 40000, () => `'己' || g`);
    const before = await counts();
    // Only inserted into: vacuumed without its index cleanup.
    await vacuumAnalyzeAfterBulkWrite(h.deps.db, [{ name: 'customers', insertOnly: true }]);
    const after = await counts();
    expect(after.vacuums).toBe(before.vacuums + 1);
    expect(after.analyzes).toBe(before.analyzes + 1);
    expect(after.allVisible).toBe(after.pages);
    expect(after.gramsIndexRows).toBe(after.rows);
    expect(after.pkeyRows).toBe(after.rows);
    expect(await flushNames(h.deps.db)).toBe(0);
  });

  it('takes the dead rows of updated ones out of the indexes too, so their pages are all-visible again', async () => {
    await h.deps.db.execute(sql`update customers set address = '成都市' where name like '己%'`);
    await vacuumAnalyzeAfterBulkWrite(h.deps.db, [{ name: 'customers', insertOnly: false }]);
    const after = await counts();
    // Vacuumed without its index cleanup, each page with an old version would be left out.
    expect(after.allVisible).toBe(after.pages);
  });
});

async function counts() {
  const { rows } = await h.deps.db.execute<{ vacuums: number; analyzes: number; pages: number; allVisible: number; rows: number; gramsIndexRows: number; pkeyRows: number }>(sql`
    select s.vacuum_count::int as vacuums, s.analyze_count::int as analyzes, c.relpages as pages, c.relallvisible as "allVisible",
      (select count(*)::int from customers) as rows,
      (select reltuples::int from pg_class where relname = 'customers_search_grams_idx') as "gramsIndexRows",
      (select reltuples::int from pg_class where relname = 'customers_pkey') as "pkeyRows"
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = 'customers'`);
  const row = rows[0];
  if (!row) throw new Error('no statistics for customers');
  return row;
}
