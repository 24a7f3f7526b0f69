import { describe, expect, it } from 'vitest';
import { moveMethod } from './methodOrder.ts';

const list = [
  { code: 'phone', sortOrder: 10 },
  { code: 'visit', sortOrder: 20 },
  { code: 'email', sortOrder: 30 },
];

describe('moving a follow-up method', () => {
  it('swaps it with its neighbour, touching only the two', () => {
    expect(moveMethod(list, 'email', -1).map((c) => [c.item.code, c.sortOrder])).toEqual([
      ['email', 20],
      ['visit', 30],
    ]);
  });

  it('renumbers a list whose orders collide or have gaps', () => {
    const odd = [
      { code: 'a', sortOrder: 5 },
      { code: 'b', sortOrder: 5 },
      { code: 'c', sortOrder: 100 },
    ];
    expect(moveMethod(odd, 'a', 1).map((c) => [c.item.code, c.sortOrder])).toEqual([
      ['b', 10],
      ['a', 20],
      ['c', 30],
    ]);
  });

  it('does nothing past either end or for an unknown code', () => {
    expect(moveMethod(list, 'phone', -1)).toEqual([]);
    expect(moveMethod(list, 'email', 1)).toEqual([]);
    expect(moveMethod(list, 'fax', 1)).toEqual([]);
  });
});
