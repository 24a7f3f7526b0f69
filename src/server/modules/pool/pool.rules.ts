import type { PoolRules } from '../../../contracts/pool.ts';
import type { LifecycleStage } from '../../../contracts/vocabulary.ts';

const DAY = 86_400_000;

/**
 * When an owned customer goes back to the public pool: `reclaimDays[stage]` days after its last
 * follow-up (or, never followed up, after it was created or claimed), with a warning
 * `warnDaysBefore` days earlier. Null when the stage is never reclaimed.
 */
export function reclaimSchedule(stage: LifecycleStage, lastActivityAt: Date, rules: PoolRules): { warnAt: Date; reclaimAt: Date } | null {
  const days = rules.reclaimDays[stage];
  if (days === null) return null;
  const reclaimAt = new Date(lastActivityAt.getTime() + days * DAY);
  return { reclaimAt, warnAt: new Date(reclaimAt.getTime() - rules.warnDaysBefore * DAY) };
}

/** The latest activity that counts for reclaiming: a follow-up, else the time it was taken. */
export function lastActivity(c: { lastFollowUpAt: Date | null; claimedAt: Date | null; createdAt: Date }): Date {
  return [c.lastFollowUpAt, c.claimedAt, c.createdAt].filter((d): d is Date => d !== null).reduce((a, b) => (a > b ? a : b));
}

export type ClaimRefusal = 'daily_limit' | 'max_owned';

/** Whether one more claim is within the limits (null) or which limit it breaks. */
export function claimRefusal(counts: { claimsToday: number; owned: number }, rules: PoolRules): ClaimRefusal | null {
  if (counts.claimsToday >= rules.claimsPerDay) return 'daily_limit';
  if (rules.maxOwned !== null && counts.owned >= rules.maxOwned) return 'max_owned';
  return null;
}
