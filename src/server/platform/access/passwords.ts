import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { ErrorDetail } from '../errors.ts';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt parameters besides N (the cost, from config.passwordHashCost): r=8, p=1.
const R = 8;
const P = 1;
const KEYLEN = 32;

/** scrypt needs 128·N·r bytes; twice that leaves room for Node's own bookkeeping. */
const maxmem = (n: number, r: number) => 256 * n * r;

/**
 * Format: scrypt$N$r$p$salt$hash (base64url). The parameters travel with the hash, so a hash
 * made at another cost (an older default, or a test's low one) still verifies.
 * `cost` is log2 N: config.passwordHashCost, 15 in production.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const N = 2 ** cost;
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: maxmem(Number(n), Number(r)),
  });
  return crypto.timingSafeEqual(expected, actual);
}

/** A hash of a random password at `cost`: verifying against it costs the same as a real one. */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(crypto.randomBytes(16).toString('hex'), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const COMMON = new Set([
  'password1', 'password123', 'passw0rd', 'qwerty123', 'abc12345', 'abcd1234', '1qaz2wsx', 'a1234567',
  'admin123', 'admin1234', 'welcome1', 'iloveyou1', 'woaini1314', 'aa123456', 'qq123456', 'a123456789',
  '12345678a', 'asdf1234', 'zxcv1234', 'p@ssw0rd', 'kehu1234',
]);

/**
 * The password policy: 8–128 characters, letters and digits, not containing the username, not a
 * well-known password. Returns the reasons it fails (empty when the password is acceptable).
 */
export function checkPasswordPolicy(password: string, username: string, field = 'password'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (password.length < PASSWORD_MIN) problems.push({ path: field, key: 'password.tooShort', params: { min: PASSWORD_MIN } });
  if (password.length > PASSWORD_MAX) problems.push({ path: field, key: 'password.tooLong', params: { max: PASSWORD_MAX } });
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) problems.push({ path: field, key: 'password.needsLetterAndDigit' });
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) problems.push({ path: field, key: 'password.containsUsername' });
  if (COMMON.has(password.toLowerCase())) problems.push({ path: field, key: 'password.common' });
  return problems;
}

/** A random password that satisfies the policy, for first starts and admin resets. */
export function generatePassword(length = 14): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const pick = (set: string) => set[crypto.randomInt(set.length)] ?? 'x';
  const chars = [pick(letters), pick(digits)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
