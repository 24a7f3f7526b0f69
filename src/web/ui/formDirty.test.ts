import { describe, expect, it } from 'vitest';
import { changedFields, sameFormValue } from './formDirty.ts';

describe('sameFormValue', () => {
  it('treats every kind of "no value" alike', () => {
    for (const [a, b] of [[undefined, ''], [null, undefined], ['', null], [[], undefined]] as const) expect(sameFormValue(a, b)).toBe(true);
    expect(sameFormValue('', 'x')).toBe(false);
    expect(sameFormValue(0, undefined)).toBe(false);
  });
  it('ignores surrounding blanks, as the save does', () => {
    expect(sameFormValue('张三 ', '张三')).toBe(true);
    expect(sameFormValue('张三', '李四')).toBe(false);
  });
  it('compares dates by their instant and nested values deeply', () => {
    expect(sameFormValue(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(sameFormValue(new Date('2026-01-01T00:00:00Z'), undefined)).toBe(false);
    const dayLike = (ms: number) => ({ isValid: () => true, valueOf: () => ms });
    expect(sameFormValue(dayLike(5), dayLike(5))).toBe(true);
    expect(sameFormValue(dayLike(5), dayLike(6))).toBe(false);
    expect(sameFormValue({ needMatch: 'yes', budget: undefined }, { needMatch: 'yes' })).toBe(true);
    expect(sameFormValue([{ name: 'a' }], [{ name: 'a' }])).toBe(true);
    expect(sameFormValue(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});

describe('changedFields', () => {
  it('names the fields that differ from the initial values', () => {
    expect(changedFields({ name: 'A', email: null, tags: [] }, { name: 'A', email: '', tags: [], phone: '1' })).toEqual(['phone']);
    expect(changedFields({ name: 'A' }, { name: 'B' })).toEqual(['name']);
    expect(changedFields({}, {})).toEqual([]);
  });
});
