import { describe, expect, it } from 'vitest';
import { initialsQueryGrams } from './customer-names.queries.ts';

describe('initialsQueryGrams', () => {
  it('asks for the trigrams of three or more initials, marked as the index marks them, each once', () => {
    expect(initialsQueryGrams('bjkj')).toEqual(['^bjk', '^jkj']);
    expect(initialsQueryGrams('ylyl')).toEqual(['^yly', '^lyl']);
    expect(initialsQueryGrams('aaaa')).toEqual(['^aaa']);
    expect(initialsQueryGrams('abc')).toEqual(['^abc']);
  });
  it('asks for the one bigram of two initials', () => {
    expect(initialsQueryGrams('bj')).toEqual(['^bj']);
  });
});
