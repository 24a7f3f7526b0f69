import crypto from 'node:crypto';

/** Random URL-safe secret for session cookies, CSRF tokens and API tokens. */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Session and API-token secrets are stored only as an HMAC keyed with the app secret, so a
 * database dump alone does not let anyone log in.
 */
export function hashSecret(appSecret: string, secret: string): string {
  return crypto.createHmac('sha256', appSecret).update(secret).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
