import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike } from './like.ts';

describe('LIKE patterns', () => {
  it('escape wildcards and the escape character so input matches literally', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(containsPattern('华信')).toBe('%华信%');
    expect(containsPattern('100%')).toBe('%100\\%%');
  });
});
