import type { AuditEvent } from '../../platform/audit/audit.ts';
import type { RowProblem } from './imports.rules.ts';

/**
 * How an import moves rows from the file to the database, apart from what each entity does with
 * them (imports.run.ts): batches, slices, and the overlap of our work with PostgreSQL's.
 */

/** Rows validated, checked and written together: one duplicate query and a few INSERTs per batch. */
const BATCH = 1000;

export interface Row {
  rowNumber: number;
  record: Record<string, string>;
}

/** What a batch processor reports back, row by row. */
export interface Sink {
  problem(row: number, problem: RowProblem): void;
  created(id: string): void;
  updated(id: string): void;
  /** A row left out on purpose (a duplicate under the policy "skip"), with the reason shown to the user. */
  skipped(row: number, reason: RowProblem): void;
  /** Audit entries of updated records, written with the batch. */
  audit: AuditEvent[];
}

/**
 * An importer takes a file in three steps: `prepare` checks and normalises rows in our process
 * (no database) and returns those that passed; `read` looks a batch of them up in the database;
 * `apply` decides and writes the batch. The database steps of batches run strictly one after the
 * other, in file order, while the next batch is prepared (see `pump`).
 */
export interface EntityImporter<P, F> {
  prepare(rows: Row[], sink: Sink): P[];
  read(items: P[]): Promise<F>;
  apply(items: P[], found: F, sink: Sink): Promise<void>;
}

/** Rows prepared at a time; between slices the event loop hears back from the database. */
const PREPARE_SLICE = 25;

/**
 * The uploaded file in 64 KiB pieces: given as one buffer, the parser would turn the whole file
 * into rows in one go before the first batch could reach the database.
 */
export function* pieces(file: Buffer): Generator<Buffer> {
  for (let at = 0; at < file.length; at += 64 * 1024) yield file.subarray(at, at + 64 * 1024);
}

/**
 * Feeds rows through an importer so that the two cores work at once: while PostgreSQL looks up
 * and writes one batch, the next is read from the file and prepared here. Preparing goes in
 * slices that yield to the event loop, so the batch in the database is not kept waiting for its
 * next statement. The batch's statements go one at a time: they share the import's transaction,
 * that is one connection, and a connection runs one statement at a time anyway (node-postgres
 * queues a second one, which is deprecated and goes in pg 9).
 */
export async function pump<P, F>(
  importer: EntityImporter<P, F>,
  rows: AsyncIterable<Row>,
  sink: Sink,
  afterBatch: (rowsRead: number) => Promise<void>,
  sizes: { batch: number; slice: number } = { batch: BATCH, slice: PREPARE_SLICE },
): Promise<void> {
  let slice: Row[] = [];
  let prepared: P[] = [];
  let rowsRead = 0;
  /** The database step of the batch before, still running while the next one is prepared. */
  const state: { running: Promise<void> | null } = { running: null };
  const prepareSlice = async () => {
    if (slice.length > 0) prepared.push(...importer.prepare(slice, sink));
    slice = [];
    await new Promise((resolve) => setImmediate(resolve));
  };
  const startBatch = async () => {
    const items = prepared;
    const through = rowsRead;
    prepared = [];
    if (state.running) await state.running;
    const step = (async () => {
      if (items.length > 0) await importer.apply(items, await importer.read(items), sink);
      await afterBatch(through);
    })();
    // Awaited by the next batch or at the end; until then a failure must not count as unhandled.
    step.catch(() => undefined);
    state.running = step;
  };
  for await (const row of rows) {
    rowsRead++;
    slice.push(row);
    if (slice.length >= sizes.slice) await prepareSlice();
    if (prepared.length >= sizes.batch) await startBatch();
  }
  await prepareSlice();
  await startBatch();
  if (state.running) await state.running;
}
