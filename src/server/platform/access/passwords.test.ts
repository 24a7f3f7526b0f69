import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from './passwords.ts';

const keys = (password: string, username = 'zhangsan') => checkPasswordPolicy(password, username).map((p) => p.key);

describe('checkPasswordPolicy', () => {
  it('accepts a password with letters and digits of the minimum length', () => {
    expect('Abcdef12'.length).toBe(PASSWORD_MIN);
    expect(checkPasswordPolicy('Abcdef12', 'zhangsan')).toEqual([]);
  });

  it('refuses one character too short, with the minimum as parameter', () => {
    expect(checkPasswordPolicy('Abcde12', 'zhangsan')).toEqual([{ path: 'password', key: 'password.tooShort', params: { min: PASSWORD_MIN } }]);
  });

  it('accepts the maximum length and refuses one more', () => {
    const max = 'a1'.repeat(PASSWORD_MAX / 2);
    expect(keys(max)).toEqual([]);
    expect(checkPasswordPolicy(`${max}b`, 'zhangsan')).toEqual([{ path: 'password', key: 'password.tooLong', params: { max: PASSWORD_MAX } }]);
  });

  it('needs both letters and digits', () => {
    expect(keys('abcdefghij')).toEqual(['password.needsLetterAndDigit']);
    expect(keys('1234567890')).toEqual(['password.needsLetterAndDigit']);
    expect(keys('!!!!????##')).toEqual(['password.needsLetterAndDigit']);
  });

  it('counts non-Latin letters as letters', () => {
    expect(keys('客户管理系统2026')).toEqual([]);
  });

  it('refuses a password containing the username, case-insensitively', () => {
    expect(keys('xxZhangSan99', 'zhangsan')).toEqual(['password.containsUsername']);
    expect(keys('zhangsan2026', ' ZhangSan ')).toEqual(['password.containsUsername']);
  });

  it('ignores usernames shorter than three characters', () => {
    expect(keys('Wang2026ab', 'ab')).toEqual([]);
    expect(keys('abc2026xyz', 'abc')).toEqual(['password.containsUsername']);
  });

  it('refuses well-known passwords whatever their case', () => {
    expect(keys('Password123')).toEqual(['password.common']);
    expect(keys('WOAINI1314')).toEqual(['password.common']);
    expect(keys('P@ssw0rd')).toEqual(['password.common']);
  });

  it('lists every reason at once, under the given field', () => {
    const problems = checkPasswordPolicy('lisi', 'lisi', 'newPassword');
    expect(problems.map((p) => p.key).sort()).toEqual(['password.containsUsername', 'password.needsLetterAndDigit', 'password.tooShort']);
    expect(new Set(problems.map((p) => p.path))).toEqual(new Set(['newPassword']));
  });
});

describe('hashPassword / verifyPassword', () => {
  // The tests' cost; production's is checked in passwords.int.test.ts.
  const COST = 10;

  it('records the cost in the hash, so a hash made at another cost still verifies', async () => {
    const low = await hashPassword('Kehu2026!x', 10);
    const higher = await hashPassword('Kehu2026!x', 12);
    expect(low.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
    expect(higher.split('$').slice(0, 4)).toEqual(['scrypt', '4096', '8', '1']);
    expect(await verifyPassword('Kehu2026!x', low)).toBe(true);
    expect(await verifyPassword('Kehu2026!x', higher)).toBe(true);
    expect(await verifyPassword('Kehu2026!y', higher)).toBe(false);
  });

  it('round-trips and refuses a wrong password', async () => {
    const hash = await hashPassword('Kehu2026!x', COST);
    expect(hash.split('$')[0]).toBe('scrypt');
    expect(hash).not.toContain('Kehu2026');
    expect(await verifyPassword('Kehu2026!x', hash)).toBe(true);
    expect(await verifyPassword('Kehu2026!X', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('Same2026pw', COST), hashPassword('Same2026pw', COST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Same2026pw', b)).toBe(true);
  });

  it('treats compatibility forms of the same text as equal (NFKC)', async () => {
    const hash = await hashPassword('Ｋｅｈｕ２０２６ab', COST); // full-width letters and digits
    expect(await verifyPassword('Kehu2026ab', hash)).toBe(true);
  });

  it('answers false for a stored value that is not a hash of ours', async () => {
    expect(await verifyPassword('Kehu2026!x', 'plain-text')).toBe(false);
    expect(await verifyPassword('Kehu2026!x', 'bcrypt$1$2$3$4$5')).toBe(false);
    expect(await verifyPassword('Kehu2026!x', 'scrypt$32768$8$1$c2FsdA')).toBe(false);
  });
});

describe('generatePassword', () => {
  it('always satisfies the policy, also for the username it is generated for', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(14);
      expect(checkPasswordPolicy(pw, 'admin')).toEqual([]);
    }
  });

  it('honours the requested length and gives different passwords', () => {
    expect(generatePassword(16)).toHaveLength(16);
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
  });

  it('has a letter and a digit even at the minimum length', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword(PASSWORD_MIN);
      expect(pw).toMatch(/[A-Za-z]/);
      expect(pw).toMatch(/[0-9]/);
    }
  });

  it('avoids look-alike characters', () => {
    const all = Array.from({ length: 100 }, () => generatePassword()).join('');
    expect(all).not.toMatch(/[0O1lIio]/);
  });
});
