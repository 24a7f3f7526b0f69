import { describe, expect, it } from 'vitest';
import { pieces, pump, type EntityImporter, type Row, type Sink } from './imports.pipeline.ts';

const sink = (): Sink & { problems: number[] } => {
  const problems: number[] = [];
  return { problems, problem: (row) => void problems.push(row), created: () => undefined, updated: () => undefined, skipped: () => undefined, audit: [] };
};

async function* fileRows(n: number): AsyncGenerator<Row> {
  for (let i = 1; i <= n; i++) yield { rowNumber: i + 1, record: { n: String(i) } };
}

/** An importer that records what happens when, with database steps that take a while. */
function recorder(opts: { failApplyAt?: number } = {}) {
  const log: string[] = [];
  let applying = 0;
  let overlapped = false;
  let concurrentApplies = false;
  let readWhileApplying = false;
  const importer: EntityImporter<number, string> = {
    prepare(rows, s) {
      if (applying > 0) overlapped = true;
      const out: number[] = [];
      for (const row of rows) {
        const n = Number(row.record.n);
        if (n % 10 === 0) s.problem(row.rowNumber, { field: 'n', key: 'bad' });
        else out.push(n);
      }
      log.push(`prepare ${rows[0]?.record.n}-${rows.at(-1)?.record.n}`);
      return out;
    },
    async read(items) {
      if (applying > 0) readWhileApplying = true;
      log.push(`read ${items[0]}`);
      return `found ${items[0]}`;
    },
    async apply(items, found, _s) {
      applying++;
      if (applying > 1) concurrentApplies = true;
      log.push(`apply ${items[0]}-${items.at(-1)} (${found})`);
      await new Promise((r) => setTimeout(r, 20));
      applying--;
      if (opts.failApplyAt !== undefined && items.includes(opts.failApplyAt)) throw new Error(`apply failed at ${opts.failApplyAt}`);
    },
  };
  return { importer, log, overlapped: () => overlapped, concurrentApplies: () => concurrentApplies, readWhileApplying: () => readWhileApplying };
}

describe('pump', () => {
  it('applies batches one after the other in file order, each with what its read found, and prepares the next meanwhile', async () => {
    const r = recorder();
    const progress: number[] = [];
    const s = sink();
    await pump(r.importer, fileRows(95), s, async (n) => void progress.push(n), { batch: 20, slice: 5 });
    const applies = r.log.filter((l) => l.startsWith('apply'));
    // 95 rows less the 9 refused (10, 20, … 90): a batch closes at the first slice end with 20 or more items.
    expect(applies).toEqual(['apply 1-25 (found 1)', 'apply 26-49 (found 26)', 'apply 51-75 (found 51)', 'apply 76-95 (found 76)']);
    expect(s.problems).toEqual([11, 21, 31, 41, 51, 61, 71, 81, 91]);
    // Progress after each batch, with the rows read through it; the last one counts every row.
    expect(progress).toEqual([25, 50, 75, 95]);
    // While a batch was being applied, the next one was being prepared; never two database steps
    // at once (they share one connection): no two applies, no read during an apply.
    expect(r.overlapped()).toBe(true);
    expect(r.concurrentApplies()).toBe(false);
    expect(r.readWhileApplying()).toBe(false);
  });

  it('stops with the error of a failed batch and applies nothing after it', async () => {
    const r = recorder({ failApplyAt: 33 });
    await expect(pump(r.importer, fileRows(200), sink(), async () => undefined, { batch: 20, slice: 5 })).rejects.toThrow('apply failed at 33');
    const applies = r.log.filter((l) => l.startsWith('apply'));
    expect(applies.at(-1)).toBe('apply 26-49 (found 26)');
    expect(applies).toHaveLength(2);
  });

  it('reports progress for a file whose rows all failed, and applies nothing', async () => {
    const r = recorder();
    const progress: number[] = [];
    async function* bad(): AsyncGenerator<Row> {
      for (let i = 1; i <= 3; i++) yield { rowNumber: i + 1, record: { n: String(i * 10) } };
    }
    await pump(r.importer, bad(), sink(), async (n) => void progress.push(n), { batch: 20, slice: 5 });
    expect(r.log.some((l) => l.startsWith('apply'))).toBe(false);
    expect(progress).toEqual([3]);
  });
});

describe('pieces', () => {
  it('cuts a file into 64 KiB pieces that join back into it', () => {
    const file = Buffer.alloc(200 * 1024, 7);
    const parts = [...pieces(file)];
    expect(parts.map((p) => p.length)).toEqual([65536, 65536, 65536, 8192]);
    expect(Buffer.concat(parts).equals(file)).toBe(true);
    expect([...pieces(Buffer.alloc(0))]).toEqual([]);
  });
});
