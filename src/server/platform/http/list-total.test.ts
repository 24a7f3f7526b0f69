import { describe, expect, it } from 'vitest';
import { countPlan, countsExactly, estimatedTotal, roundEstimate, withFirstPageTotal, withoutTotals } from './list-total.ts';

describe('countsExactly', () => {
  it('counts when the capped count is cheap, whatever the expected rows', () => {
    // The first 10,001 entries of an index, or of a table most of which matches.
    expect(countsExactly({ cost: 680, rows: 90_000 })).toBe(true);
  });

  it('gives the estimate when counting means scanning a table for many rows', () => {
    // stage + industry at 100,000 customers: no index serves the pair, 5,780 expected.
    expect(countsExactly({ cost: 6_730, rows: 5_780 })).toBe(false);
  });

  it('counts few expected rows however costly: the planner’s guess is least reliable there', () => {
    expect(countsExactly({ cost: 6_730, rows: 10 })).toBe(true);
    expect(countsExactly({ cost: 6_730, rows: 99 })).toBe(true);
    expect(countsExactly({ cost: Infinity, rows: 0 })).toBe(true);
  });
});

describe('countPlan', () => {
  const plan = [
    {
      Plan: {
        'Node Type': 'Aggregate',
        'Total Cost': 6730.26,
        'Plan Rows': 1,
        Plans: [{ 'Node Type': 'Limit', 'Total Cost': 6658, 'Plan Rows': 5780, Plans: [{ 'Node Type': 'Seq Scan', 'Total Cost': 6658, 'Plan Rows': 5780 }] }],
      },
    },
  ];

  it('reads the whole plan’s cost and the rows expected under the Limit, parsed or as text', () => {
    expect(countPlan(plan)).toEqual({ cost: 6730.26, rows: 5780 });
    expect(countPlan(JSON.stringify(plan))).toEqual({ cost: 6730.26, rows: 5780 });
  });

  it('reads the outer child of the Limit, not an init plan listed before it', () => {
    const scoped = [
      {
        Plan: {
          'Node Type': 'Aggregate',
          'Total Cost': 6662.1,
          Plans: [
            {
              'Node Type': 'Limit',
              'Parent Relationship': 'Outer',
              Plans: [
                { 'Node Type': 'Bitmap Heap Scan', 'Parent Relationship': 'InitPlan', 'Plan Rows': 7 },
                { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Plan Rows': 1162 },
              ],
            },
          ],
        },
      },
    ];
    expect(countPlan(scoped)).toEqual({ cost: 6662.1, rows: 1162 });
  });

  it('reads a shape it does not know as costly and empty, so that it is counted', () => {
    expect(countPlan(null)).toEqual({ cost: Infinity, rows: 0 });
    expect(countPlan([{ Plan: { 'Node Type': 'Result', 'Total Cost': 'x' } }])).toEqual({ cost: Infinity, rows: 0 });
    expect(countsExactly(countPlan(null))).toBe(true);
  });
});

describe('estimatedTotal (counted past the bound)', () => {
  it('rounds the planner’s estimate up to two significant digits', () => {
    expect(estimatedTotal(123_456, 10_000)).toBe(130_000);
    expect(estimatedTotal(1_049_872.5, 10_000)).toBe(1_100_000);
    expect(estimatedTotal(98_000, 10_000)).toBe(98_000);
  });

  it('never says less than the count already saw: more than the bound', () => {
    // The planner underestimates (stale statistics, correlated filters): the count saw 10,001.
    expect(estimatedTotal(2_400, 10_000)).toBe(11_000);
    expect(estimatedTotal(0, 10_000)).toBe(11_000);
    expect(estimatedTotal(3, 2)).toBe(3);
  });
});

describe('roundEstimate (not counted)', () => {
  it('keeps two significant digits', () => {
    expect(roundEstimate(5_780)).toBe(5_800);
    expect(roundEstimate(1_234_567)).toBe(1_200_000);
    expect(roundEstimate(42)).toBe(42);
  });
});

describe('withFirstPageTotal', () => {
  const total = { total: 7, totalIsEstimate: false };
  it('counts on the first page only', async () => {
    let counted = 0;
    const count = async () => (counted++, total);
    expect(await withFirstPageTotal(undefined, Promise.resolve([1]), count)).toEqual([[1], total]);
    expect(await withFirstPageTotal('cursor', Promise.resolve([2]), count)).toEqual([[2], undefined]);
    expect(counted).toBe(1);
  });

  it('counts nothing inside withoutTotals (the global search), and again after it', async () => {
    let counted = 0;
    const count = async () => (counted++, total);
    const inside = await withoutTotals(async () => {
      await Promise.resolve();
      return withFirstPageTotal(undefined, Promise.resolve([1]), count);
    });
    expect(inside).toEqual([[1], undefined]);
    expect(counted).toBe(0);
    expect(await withFirstPageTotal(undefined, Promise.resolve([1]), count)).toEqual([[1], total]);
    expect(counted).toBe(1);
  });
});
