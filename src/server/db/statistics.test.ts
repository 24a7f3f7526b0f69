import { describe, expect, it } from 'vitest';
import { customers, contacts } from './schema/index.ts';
import { checkpointHelps, needsAnalyze, writtenSince } from './statistics.ts';

describe('needsAnalyze', () => {
  it('wants fresh statistics after 10,000 rows, however large the table', () => {
    expect(needsAnalyze(10_000, 5_000_000)).toBe(true);
    expect(needsAnalyze(9_999, 5_000_000)).toBe(false);
  });

  it('wants them after more than 10 % of the table', () => {
    expect(needsAnalyze(101, 1_000)).toBe(true);
    expect(needsAnalyze(100, 1_000)).toBe(false);
  });

  it('wants them for a table never analyzed or empty (reltuples -1 or 0): a first import', () => {
    expect(needsAnalyze(1, -1)).toBe(true);
    expect(needsAnalyze(20, 0)).toBe(true);
  });

  it('leaves a table nothing was written to alone', () => {
    expect(needsAnalyze(0, -1)).toBe(false);
  });
});

describe('writtenSince', () => {
  it('counts only what the transaction wrote: the counters also hold earlier transactions not yet flushed', () => {
    const before = [
      { table: customers, written: 400, replaced: 10 },
      { table: contacts, written: 400, replaced: 0 },
    ];
    const now = [
      { table: customers, written: 402, replaced: 10 },
      { table: contacts, written: 403, replaced: 1 },
    ];
    expect(writtenSince(before, now).map((w) => [w.written, w.replaced])).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });
});

describe('checkpointHelps', () => {
  it('checkpoints after a bulk write only when its tables outgrow the shared buffers', () => {
    const MB = 1024 * 1024;
    // Debian's stock 128 MB after 100,000 customers imported into as many (643 MB of tables with their indexes).
    expect(checkpointHelps(600 * MB, 128 * MB)).toBe(true);
    // The embedded server's 2 GB after the same import: its dirty pages have room to wait.
    expect(checkpointHelps(600 * MB, 2048 * MB)).toBe(false);
    expect(checkpointHelps(Number.NaN, 128 * MB)).toBe(false);
  });
});
