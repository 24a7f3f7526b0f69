import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike, hasCase } from './like.ts';

describe('LIKE patterns', () => {
  it('escape wildcards and the escape character so input matches literally', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(containsPattern('华信')).toBe('%华信%');
    expect(containsPattern('100%')).toBe('%100\\%%');
  });
});

describe('hasCase', () => {
  it('is true when a letter has two cases, so ILIKE can find more than LIKE', () => {
    for (const text of ['NANA@bjkj', 'bjkj', 'MANU-006', '欧阳a', 'Ärger', 'ß']) expect(hasCase(text), text).toBe(true);
  });

  it('is false for Chinese, digits and signs: LIKE finds the same', () => {
    for (const text of ['华信', '欧阳娜娜', '1234', '2026-006', '（北京）', '']) expect(hasCase(text), text).toBe(false);
  });
});
