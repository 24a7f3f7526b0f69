import { describe, expect, it } from 'vitest';
import { checkPassword, generatePassword, passwordAcceptable } from './passwordPolicy.ts';

describe('checkPassword (mirrors the server policy)', () => {
  it('needs 8 characters, letters and digits', () => {
    expect(checkPassword('abc123', 'zhang')).toEqual({ length: false, lettersAndDigits: true, notUsername: true });
    expect(checkPassword('abcdefgh', 'zhang').lettersAndDigits).toBe(false);
    expect(checkPassword('12345678', 'zhang').lettersAndDigits).toBe(false);
    expect(passwordAcceptable('Kehu2026Secure', 'zhang')).toBe(true);
  });

  it('accepts letters of any script', () => {
    expect(checkPassword('客户关系管理2026', 'zhang').lettersAndDigits).toBe(true);
  });

  it('refuses a password containing the username (3+ characters), case-insensitively', () => {
    expect(checkPassword('Admin2026xyz', 'admin').notUsername).toBe(false);
    expect(checkPassword('ab2026xyzw', 'ab').notUsername).toBe(true);
  });
});

describe('generatePassword', () => {
  it('always satisfies the policy', () => {
    for (let i = 0; i < 200; i++) expect(passwordAcceptable(generatePassword(), 'someone')).toBe(true);
  });
});
