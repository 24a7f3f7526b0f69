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

/** Login is by username or email, case-insensitively. */
export function normaliseLogin(identifier: string): string {
  return identifier.trim().toLowerCase();
}
