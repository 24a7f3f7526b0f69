import { describe, expect, it } from 'vitest';
import { estimatedTotal, planRows } from './list-total.ts';

describe('estimatedTotal', () => {
  it('rounds the planner’s estimate up to two significant digits', () => {
    expect(estimatedTotal(123_456, 10_000)).toBe(130_000);
    expect(estimatedTotal(1_049_872.5, 10_000)).toBe(1_100_000);
    expect(estimatedTotal(98_000, 10_000)).toBe(98_000);
  });

  it('never says less than the exact count already saw: more than the bound', () => {
    // The planner underestimates (stale statistics, correlated filters): the count saw 10,001.
    expect(estimatedTotal(2_400, 10_000)).toBe(11_000);
    expect(estimatedTotal(0, 10_000)).toBe(11_000);
    expect(estimatedTotal(3, 2)).toBe(3);
  });
});

describe('planRows', () => {
  it('reads Plan Rows of the top node, parsed or as text', () => {
    const plan = [{ Plan: { 'Node Type': 'Seq Scan', 'Plan Rows': 98_765 } }];
    expect(planRows(plan)).toBe(98_765);
    expect(planRows(JSON.stringify(plan))).toBe(98_765);
  });

  it('is 0 for a shape it does not know', () => {
    expect(planRows(null)).toBe(0);
    expect(planRows([{}])).toBe(0);
    expect(planRows([{ Plan: { 'Plan Rows': 'many' } }])).toBe(0);
  });
});
