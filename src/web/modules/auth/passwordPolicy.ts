/**
 * The client-side hint of the password policy. The server has the final word (and may
 * check more, such as reuse); this only helps the user pick one that will pass.
 */
export type PolicyCheck = 'length' | 'lettersAndDigits' | 'notUsername';

export const MIN_PASSWORD_LENGTH = 8;

export const MAX_PASSWORD_LENGTH = 128;

export function checkPassword(password: string, username: string | undefined): Record<PolicyCheck, boolean> {
  const name = (username ?? '').trim().toLowerCase();
  return {
    length: password.length >= MIN_PASSWORD_LENGTH && password.length <= MAX_PASSWORD_LENGTH,
    lettersAndDigits: /\p{L}/u.test(password) && /\p{Nd}/u.test(password),
    // Like the server: a username shorter than 3 characters is not checked.
    notUsername: name.length < 3 || !password.toLowerCase().includes(name),
  };
}

export function passwordAcceptable(password: string, username: string | undefined): boolean {
  return Object.values(checkPassword(password, username)).every(Boolean);
}

/** A random password that satisfies the policy, for administrators setting an initial one. */
export function generatePassword(length = 12): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const random = new Uint32Array(length);
  crypto.getRandomValues(random);
  const chars = Array.from(random, (n) => all[n % all.length] ?? 'a');
  // Guarantee at least one letter and one digit.
  chars[0] = letters[(random[0] ?? 0) % letters.length] ?? 'a';
  chars[1] = digits[(random[1] ?? 0) % digits.length] ?? '2';
  return chars.join('');
}
