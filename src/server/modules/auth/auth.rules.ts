/** Lockout: 5 failed logins within 15 minutes lock the account until the window has passed. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000 } as const;

export type LockState = { locked: false } | { locked: true; until: Date; minutes: number };

/**
 * @param recentFailures times of failed attempts inside the window and after the last
 *   successful login or admin unlock, newest first.
 */
export function lockState(recentFailures: readonly Date[], now: Date): LockState {
  if (recentFailures.length < LOCKOUT.maxFailures) return { locked: false };
  const fifthNewest = recentFailures[LOCKOUT.maxFailures - 1];
  if (!fifthNewest) return { locked: false };
  const until = new Date(fifthNewest.getTime() + LOCKOUT.windowMs);
  if (until <= now) return { locked: false };
  return { locked: true, until, minutes: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000)) };
}

/** Attempts per IP address are counted over this window (the limit itself is a setting). */
export const IP_WINDOW_MS = 60_000;

export type IpThrottle = { limited: false } | { limited: true; retryAfterSeconds: number };

/**
 * Whether one more attempt from an address is allowed, on top of the per-account lockout: an
 * address spraying passwords over many accounts (or locking them all) is slowed down.
 * @param recent times of the address's attempts inside the window, newest first, at most `limit`.
 */
export function ipThrottle(recent: readonly Date[], limit: number, now: Date): IpThrottle {
  const oldestCounted = recent[limit - 1];
  if (recent.length < limit || !oldestCounted) return { limited: false };
  const freeAt = oldestCounted.getTime() + IP_WINDOW_MS;
  if (freeAt <= now.getTime()) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
}

/** Login is by username or email, case-insensitively. */
export function normaliseLogin(identifier: string): string {
  return identifier.trim().toLowerCase();
}
