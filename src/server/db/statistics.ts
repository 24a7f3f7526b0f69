import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { besidePool, type DbOrTx } from './client.ts';

/** The tables an import may vacuum side by side (customers, contacts, their tags, leads). */
const MAINTENANCE_CONNECTIONS = 4;

/**
 * Planner statistics after bulk writes. Autovacuum analyzes a table once about 10 % of it has
 * changed, but only on its next round and after the writing transaction ended: until then the
 * planner plans searches on the new rows from the old statistics (after a first import into an
 * empty table, from none: one search statement took 130 ms instead of 5.6 ms). A job that writes
 * that much therefore analyzes the tables itself before it reports done.
 */

/** A write of at least this many rows needs fresh statistics, whatever the table's size. */
export const ANALYZE_MIN_ROWS = 10_000;
/** …as does one that writes more than this share of the table (as its statistics had it). */
export const ANALYZE_SHARE = 0.1;

/**
 * Whether writing `written` rows into a table the statistics say had `rowsBefore` (negative or
 * zero: never analyzed, or empty) changes it enough to analyze it now.
 */
export function needsAnalyze(written: number, rowsBefore: number): boolean {
  if (written <= 0) return false;
  if (written >= ANALYZE_MIN_ROWS) return true;
  return rowsBefore <= 0 || written > rowsBefore * ANALYZE_SHARE;
}

/**
 * The names of those of `writes` that needsAnalyze says changed enough, by the row counts the
 * statistics have now (read inside the writing transaction, before anything analyzed them).
 */
export async function tablesToAnalyze(db: DbOrTx, writes: readonly { table: PgTable; written: number }[]): Promise<string[]> {
  const candidates = writes.filter((w) => w.written > 0).map((w) => ({ name: getTableName(w.table), written: w.written }));
  if (candidates.length === 0) return [];
  const sizes = await db.execute<{ name: string; rows: number }>(
    sql`select relname as name, reltuples::float8 as rows from pg_class where oid = any(${`{${candidates.map((c) => c.name).join(',')}}`}::regclass[])`,
  );
  const before = new Map(sizes.rows.map((r) => [r.name, Number(r.rows)]));
  return candidates.filter((c) => needsAnalyze(c.written, before.get(c.name) ?? 0)).map((c) => c.name);
}

/**
 * Analyzes those of `writes` that needsAnalyze says changed enough, in one ANALYZE statement.
 * Inside the writing transaction this counts and samples the transaction's own new rows (as
 * PostgreSQL does for a table loaded and analyzed in one transaction), and the statistics commit
 * with the rows; then their GIN indexes' pending lists are flushed (flushGinPendingLists).
 * Returns the names of the tables analyzed. (An import, which also vacuums, does both after it
 * committed instead: vacuumAnalyzeAfterBulkWrite.)
 */
export async function analyzeAfterBulkWrite(db: DbOrTx, writes: readonly { table: PgTable; written: number }[]): Promise<string[]> {
  const names = await tablesToAnalyze(db, writes);
  if (names.length === 0) return [];
  await db.execute(sql.raw(`analyze ${names.map((n) => `"${n}"`).join(', ')}`));
  await flushGinPendingLists(db, names);
  await statisticsChanged(db);
  return names;
}

/**
 * Moves the entries GIN indexes (the search's bigram and trigram indexes) keep in their pending
 * list into the index proper. New rows land in that list, which every search then reads through
 * whole, until it passes gin_pending_list_limit (4 MB) or (auto)vacuum cleans it; a manual
 * ANALYZE does not. Right after a 100,000-row import that made searches 2–3× slower (12–39 ms
 * against 24–71 ms); the flush costs about 0.5 s there, once, instead of a little per search.
 */
async function flushGinPendingLists(db: DbOrTx, tables: readonly string[]): Promise<void> {
  for (const index of await ginIndexesOf(db, tables)) await flushPendingList(db, index);
}

/** Moves one GIN index's pending list into the index. */
async function flushPendingList(db: DbOrTx, index: string): Promise<void> {
  await db.execute(sql`select gin_clean_pending_list(${index}::regclass)`);
}

/** Batches of a bulk write between two flushes of its GIN pending lists (~10,000 rows). */
const FLUSH_EVERY_BATCHES = 10;

/** Moves GIN pending lists into their indexes beside a bulk write (see pendingListFlusher). */
export interface PendingListFlusher {
  /**
   * A batch was written: every `every`-th call flushes what the batches left, now or right after
   * the pass under way. Resolves when that pass is over; never rejects.
   */
  nudge(): Promise<void>;
  /** No more passes: waits for the index the pass under way is flushing. */
  stop(): Promise<void>;
}

/**
 * Flushes the GIN indexes of `tables` on a connection of its own while a bulk write's transaction
 * fills their pending lists. GIN entries carry no visibility, so another session may move the
 * uncommitted rows' entries into the index (as autovacuum would); the writing session then never
 * stops to flush a full list itself (every 32 MB, see settingsForBulkWrite), and little is left
 * for after the commit: the flush moves from the writer's core (busy) to the other one (that of
 * our process preparing the next rows, half idle). Passes come every `every` nudges (batches):
 * each pass rewrites the index pages of every key it moves, so a pass per 1,000-row batch cost
 * more than it saved. An import of 100,000 companies with their contacts on the embedded server:
 * its flush after the commit 1.2–1.8 s → 0.2 s, the whole import 23.7–24.4 → 22.8–24.0 s.
 */
export function pendingListFlusher(db: DbOrTx, tables: readonly string[], every = FLUSH_EVERY_BATCHES): PendingListFlusher {
  const side = besidePool(db, 'gin-flush', 1);
  const state: { pass: Promise<void> | null; again: boolean; stopped: boolean; indexes: Promise<string[]> | null; nudges: number } = { pass: null, again: false, stopped: false, indexes: null, nudges: 0 };
  const run = async () => {
    if (!side) return;
    try {
      state.indexes ??= ginIndexesOf(side, tables);
      do {
        state.again = false;
        for (const index of await state.indexes) {
          if (state.stopped) return;
          await flushPendingList(side, index);
        }
      } while (state.again && !state.stopped);
    } catch {
      // Not the indexes' owner, or the connection failed: the write flushes its own lists as before.
      state.stopped = true;
    } finally {
      state.pass = null;
    }
  };
  return {
    nudge() {
      if (state.stopped || !side || ++state.nudges % every !== 0) return state.pass ?? Promise.resolve();
      if (state.pass) state.again = true;
      else state.pass = run();
      return state.pass;
    },
    async stop() {
      state.stopped = true;
      await state.pass;
    },
  };
}

/** The GIN indexes of `tables`, by name (schema-qualified where the search path needs it). */
async function ginIndexesOf(db: DbOrTx, tables: readonly string[]): Promise<string[]> {
  const { rows } = await db.execute<{ name: string }>(
    sql`select i.indexrelid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
        where a.amname = 'gin' and i.indrelid = any(${`{${tables.join(',')}}`}::regclass[]) order by c.relpages desc`,
  );
  return rows.map((r) => r.name);
}

/** A table's rows a transaction wrote, as PostgreSQL's per-transaction counters have them. */
export interface TableWrites {
  table: PgTable;
  /** Rows inserted, updated or deleted. */
  written: number;
  /** Of those, updated or deleted: each left a dead row version for vacuum to take out. */
  replaced: number;
}

/**
 * The rows written to each of `tables` as PostgreSQL's per-transaction counters have them. Since
 * PostgreSQL 15 these also hold the counts of the connection's earlier transactions not yet
 * flushed to the statistics (flushed at most once a second, when idle): read them at the start
 * of the writing transaction too, and take the difference (writtenSince).
 */
export async function writtenInTransaction(tx: DbOrTx, tables: readonly PgTable[]): Promise<TableWrites[]> {
  const { rows } = await tx.execute<{ name: string; written: number; replaced: number }>(
    sql`select relname as name, (n_tup_ins + n_tup_upd + n_tup_del)::int as written, (n_tup_upd + n_tup_del)::int as replaced from pg_stat_xact_user_tables
        where relid = any(${`{${tables.map((t) => getTableName(t)).join(',')}}`}::regclass[])`,
  );
  const counts = new Map(rows.map((r) => [r.name, r]));
  return tables.map((table) => {
    const row = counts.get(getTableName(table));
    return { table, written: Number(row?.written ?? 0), replaced: Number(row?.replaced ?? 0) };
  });
}

/** What each table's counters grew by between two readings of writtenInTransaction in one transaction. */
export function writtenSince(before: readonly TableWrites[], now: readonly TableWrites[]): TableWrites[] {
  const start = new Map(before.map((w) => [getTableName(w.table), w]));
  return now.map((w) => {
    const then = start.get(getTableName(w.table));
    return { table: w.table, written: Math.max(0, w.written - (then?.written ?? 0)), replaced: Math.max(0, w.replaced - (then?.replaced ?? 0)) };
  });
}

/**
 * Inside a bulk write's transaction, before it commits: its write counts reach the server's
 * statistics as it commits, not up to a second or more later (a backend sends them at most once
 * a second, without waiting for a busy entry). Counts arriving after the VACUUM ANALYZE that
 * follows the write (vacuumAnalyzeAfterBulkWrite) would make autovacuum analyze the table again
 * soon after, beside the first searches on the new rows (2 s of a core at a million customers).
 */
export async function reportWritesAtCommit(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_stat_force_next_flush()`);
}

/**
 * After a bulk write committed, which a transaction cannot do for its own rows: flush the GIN
 * pending lists of `written` (from tablesToRefresh), then VACUUM and ANALYZE each table, the
 * tables side by side, each on a connection of the pool's own (with `db` a pool; a transaction
 * would run them in turn).
 *
 * The vacuum: until something has read them once, every row a bulk write added is checked
 * against the commit log and its page written again by its first reader (hint bits), and until
 * vacuum has marked its pages all-visible an index-only scan visits them and the planner prices
 * it so. It does that work once, for new pages only (those already all-visible are skipped).
 * The pending lists: see flushGinPendingLists (and pendingListFlusher, which leaves little here).
 * The analyze: fresh planner statistics (see the top of this file).
 * An import of 100,000 companies with their contacts spends 1.5–1.9 s on them (3.3–4.0 s with
 * the vacuums' index cleanup and all the flushing here), against 2.2–3.6 s analyzing the three
 * tables in one statement inside its transaction, then flushing and vacuuming. A role that does
 * not own a table is warned by PostgreSQL and the table left to autovacuum.
 */
export async function vacuumAnalyzeAfterBulkWrite(db: DbOrTx, written: readonly BulkWrittenTable[]): Promise<void> {
  if (written.length === 0) return;
  const tables = written.map((w) => w.name);
  // On connections of their own (besidePool): side by side they need more connections than the
  // pool had idle, and a pool hands out its most recently returned connection first, so the
  // first searches after an import ran on the server processes just started for the vacuums.
  // A new server process faults in each page of shared buffers it touches for the first time:
  // a search reading 1,144 contacts and their customers took 113 ms there against 14 ms on a
  // connection that had searched before (a million customers, Debian's PostgreSQL 15).
  const maintenance = besidePool(db, 'maintenance', MAINTENANCE_CONNECTIONS) ?? db;
  // The GIN indexes' pending lists first, each index on its own connection: a table's vacuum
  // flushes its indexes one after the other, and the customers' (four GIN indexes, 100,000 new
  // rows) took 4.6 s while the other tables' were done in half of it.
  await Promise.all((await ginIndexesOf(db, tables)).map((index) => flushPendingList(maintenance, index)));
  // Each table vacuumed, then analyzed (the two cannot run on one table at once). A table the
  // write only inserted into is vacuumed without its index cleanup: it has no dead rows to take
  // out of its indexes, and the cleanup would still read every page of each GIN index to count
  // it (the customers' vacuum after 100,000 new ones: 0.9 s with it, 0.2 s without). One with
  // rows updated or deleted gets the whole vacuum: until their dead versions are out of the
  // indexes, their pages are not all-visible and index-only scans read them. The ANALYZE on its
  // own counts the indexes' rows for the planner too.
  await Promise.all(
    written.map(async (w) => {
      await maintenance.execute(sql.raw(w.insertOnly ? `vacuum (index_cleanup off) "${w.name}"` : `vacuum "${w.name}"`));
      await maintenance.execute(sql.raw(`analyze "${w.name}"`));
    }),
  );
  await checkpointIfBuffersSmall(db, tables);
  // The statistics this process read before are stale: read them again now.
  await statisticsChanged(db);
}

/** A table a bulk write changed enough to vacuum and analyze it (vacuumAnalyzeAfterBulkWrite). */
export interface BulkWrittenTable {
  name: string;
  /** Nothing updated or deleted: no dead rows to take out of the indexes. */
  insertOnly: boolean;
}

/** The tables of `writes` that tablesToAnalyze names, each with whether the write only inserted. */
export async function tablesToRefresh(db: DbOrTx, writes: readonly TableWrites[]): Promise<BulkWrittenTable[]> {
  const names = new Set(await tablesToAnalyze(db, writes));
  return writes.filter((w) => names.has(getTableName(w.table))).map((w) => ({ name: getTableName(w.table), insertOnly: w.replaced === 0 }));
}

/**
 * Writes the server's dirty buffers out now (CHECKPOINT) when the tables a bulk write touched are
 * larger than its shared buffers, as on a stock PostgreSQL (128 MB): the buffers are then mostly
 * the write's own pages, dirty, and each search after it that reads a page not among them must
 * first write one out. Right after a 100,000-customer import on Debian's PostgreSQL 15 a manager's
 * search wrote 5,665 pages that way (126 ms of its 282). Only where the role may (superuser or
 * pg_checkpoint); elsewhere the server's background writer does it, in its own time.
 */
async function checkpointIfBuffersSmall(db: DbOrTx, tables: readonly string[]): Promise<void> {
  const { rows } = await db.execute<{ written: number; buffers: number; allowed: boolean }>(
    sql`select (select sum(pg_total_relation_size(t))::float8 from unnest(${`{${tables.join(',')}}`}::regclass[]) t) as written,
        pg_size_bytes(current_setting('shared_buffers'))::float8 as buffers,
        pg_has_role(current_user, 'pg_checkpoint', 'member') or (select rolsuper from pg_roles where rolname = current_user) as allowed`,
  );
  const row = rows[0];
  if (row?.allowed && checkpointHelps(Number(row.written), Number(row.buffers))) await db.execute(sql`checkpoint`);
}

/** Whether tables of `tablesBytes` just written leave shared buffers of `sharedBuffersBytes` full of their dirty pages (see checkpointIfBuffersSmall). */
export function checkpointHelps(tablesBytes: number, sharedBuffersBytes: number): boolean {
  return Number.isFinite(tablesBytes) && sharedBuffersBytes > 0 && tablesBytes > sharedBuffersBytes;
}

let epoch = 0;

/**
 * Marks the statistics this process reads from (estimatedRows, the search's gram shares) as
 * changed: its own bulk write just analyzed. Those read before are read again at their next use
 * rather than up to a minute later (a search right after an import of as many customers again
 * took the old row count, half the new one, for whether a word is common), and those read through
 * `db` are read again now, so the first search after an import does not wait for them (the gram
 * shares cost ~8 ms to read). Another process's writes are seen within the minute.
 */
async function statisticsChanged(db?: DbOrTx): Promise<void> {
  epoch += 1;
  const readings = db ? readingsOf.get(db) : undefined;
  if (!readings) return;
  await Promise.all(
    [...readings].map(([key, reading]) => {
      const value = reading.load();
      readings.set(key, { at: Date.now(), epoch, value, load: reading.load, refreshing: false });
      return value;
    }),
  );
}

/** How old a reading of the statistics may be before it is read again (see statisticsReading). */
export const READING_MAX_AGE_MS = 60_000;

interface Reading {
  at: number;
  epoch: number;
  value: Promise<unknown>;
  load: () => Promise<unknown>;
  refreshing: boolean;
}
const readingsOf = new WeakMap<DbOrTx, Map<string, Reading>>();

/**
 * A reading of the statistics (a table's row count, the search index's gram shares) by `load`,
 * which must not reject, cached per database handle and `key`. Read again at once when the
 * statistics changed in this process (statisticsChanged); once it is older than
 * READING_MAX_AGE_MS, the old reading is still given while a new one is read beside it — a
 * request that found it stale waited for the reading before (8–10 ms once a minute: a spike in
 * every p95). `now`: for tests.
 */
export function statisticsReading<T>(db: DbOrTx, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  let readings = readingsOf.get(db);
  if (!readings) readingsOf.set(db, (readings = new Map<string, Reading>()));
  const cached = readings.get(key);
  if (cached && cached.epoch === epoch) {
    if (!cached.refreshing && now - cached.at >= READING_MAX_AGE_MS) {
      cached.refreshing = true;
      const next = load();
      const mine = readings;
      void next.then(
        () => mine.get(key) === cached && mine.set(key, { at: Date.now(), epoch: cached.epoch, value: next, load, refreshing: false }),
        () => (cached.refreshing = false),
      );
    }
    return cached.value as Promise<T>;
  }
  const value = load();
  readings.set(key, { at: now, epoch, value, load, refreshing: false });
  return value;
}

/**
 * The planner's row count of a table (pg_class.reltuples, 0 before its first ANALYZE), read at
 * most once a minute per database handle (statisticsReading): for choices made from statistics
 * before a search reads anything (see fewMatches' `expected`).
 */
export function estimatedRows(db: DbOrTx, table: PgTable): Promise<number> {
  const name = getTableName(table);
  return statisticsReading(db, `rows:${name}`, () =>
    db
      .execute<{ n: number }>(sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = ${name}::regclass`)
      .then((res) => Number(res.rows[0]?.n ?? 0))
      .catch(() => 0),
  );
}

/**
 * The planner's estimate of the rows a SELECT returns (a plan, nothing read), undefined when the
 * plan cannot be read. Good for conditions on a column's values (LIKE against its histogram, a
 * prefix range of a btree); not for the bigram tests of the search indexes, which PostgreSQL
 * prices at a fixed share whatever the word (see nameGramShare for those).
 */
export async function plannedRows(db: DbOrTx, select: SQL): Promise<number | undefined> {
  const res = await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${select}`);
  const explained = res.rows[0]?.['QUERY PLAN'];
  const parsed: unknown = typeof explained === 'string' ? JSON.parse(explained) : explained;
  const rows = Array.isArray(parsed) ? (parsed[0] as { Plan?: { 'Plan Rows'?: unknown } } | undefined)?.Plan?.['Plan Rows'] : undefined;
  return typeof rows === 'number' && Number.isFinite(rows) ? rows : undefined;
}
