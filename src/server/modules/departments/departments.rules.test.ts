import { describe, expect, it } from 'vitest';
import { wouldCreateCycle } from './departments.rules.ts';

// 总部 ← 销售部 ← 华东大区 ← 上海组;  总部 ← 市场部
const tree = new Map<string, string | null>([
  ['hq', null],
  ['sales', 'hq'],
  ['east', 'sales'],
  ['shanghai', 'east'],
  ['marketing', 'hq'],
]);

describe('wouldCreateCycle', () => {
  it('refuses a department as its own parent', () => {
    expect(wouldCreateCycle('sales', 'sales', tree)).toBe(true);
  });

  it('refuses moving under a child or any deeper descendant', () => {
    expect(wouldCreateCycle('sales', 'east', tree)).toBe(true);
    expect(wouldCreateCycle('sales', 'shanghai', tree)).toBe(true);
    expect(wouldCreateCycle('hq', 'shanghai', tree)).toBe(true);
  });

  it('allows moving to the top, to a sibling branch or to an ancestor', () => {
    expect(wouldCreateCycle('east', null, tree)).toBe(false);
    expect(wouldCreateCycle('east', 'marketing', tree)).toBe(false);
    expect(wouldCreateCycle('shanghai', 'hq', tree)).toBe(false);
    expect(wouldCreateCycle('marketing', 'shanghai', tree)).toBe(false);
  });

  it('treats an unknown parent as a root (existence is checked elsewhere)', () => {
    expect(wouldCreateCycle('sales', 'ghost', tree)).toBe(false);
  });

  it('stops on data that already loops instead of running forever', () => {
    const broken = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['x', null],
    ]);
    expect(wouldCreateCycle('x', 'a', broken)).toBe(true);
    const selfLoop = new Map<string, string | null>([['a', 'a']]);
    expect(wouldCreateCycle('x', 'a', selfLoop)).toBe(true);
  });
});
