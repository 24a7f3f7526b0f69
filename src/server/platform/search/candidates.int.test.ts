import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/helpers/harness.ts';
import { fewMatches, KNOWN_MANY } from './candidates.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

/** A branch of `n` ids: `${prefix}-1` … */
const ids = (prefix: string, n: number) => sql.raw(`select '${prefix}-' || g as id from generate_series(1, ${n}) g`);

describe('fewMatches', () => {
  it('gives every id the branches find, once, when none finds more than the cap', async () => {
    const found = await fewMatches(h.deps.db, [ids('a', 3), ids('a', 2), ids('b', 2)], 3);
    expect(found?.sort()).toEqual(['a-1', 'a-2', 'a-3', 'b-1', 'b-2']);
  });

  it('gives up (null) when a branch finds more than the cap, or than its own', async () => {
    expect(await fewMatches(h.deps.db, [ids('a', 4), ids('b', 1)], 3)).toBeNull();
    // Capped lower than the others: 2 of its own are too many, 3 of the others are not.
    expect(await fewMatches(h.deps.db, [ids('a', 3), { select: ids('b', 2), cap: 1 }], 3)).toBeNull();
    expect((await fewMatches(h.deps.db, [ids('a', 3), { select: ids('b', 1), cap: 1 }], 3))?.length).toBe(4);
    // The branches' caps are their own, not a share of one total.
    expect((await fewMatches(h.deps.db, [ids('a', 3), ids('b', 3)], 3))?.length).toBe(6);
  });

  it('gives up without reading a branch the statistics expect far above its cap (KNOWN_MANY times)', async () => {
    // A branch that fails if read: given up on before any branch runs.
    const unreadable = sql.raw(`select (1 / 0)::text as id`);
    expect(await fewMatches(h.deps.db, [ids('a', 1), { select: unreadable, cap: 10, expected: () => Promise.resolve(10 * KNOWN_MANY) }], 3)).toBeNull();
    // Expected below that, it is read as any other.
    await expect(fewMatches(h.deps.db, [ids('a', 1), { select: unreadable, cap: 10, expected: () => Promise.resolve(10 * KNOWN_MANY - 1) }], 3)).rejects.toThrow();
    expect((await fewMatches(h.deps.db, [ids('a', 1), { select: ids('b', 2), cap: 10, expected: () => Promise.resolve(5) }], 3))?.length).toBe(3);
  });

  it('gives up without a branch (no index serves the query)', async () => {
    expect(await fewMatches(h.deps.db, [])).toBeNull();
  });
});
