import { z } from 'zod';

/** Rules of the public pool (公海), set by admins. */
export const poolRules = z
  .object({
    /** Days without a follow-up after which an owned customer returns to the pool, per stage; null = never. */
    reclaimDays: z.object({
      potential: z.number().int().min(1).max(3650).nullable(),
      intent: z.number().int().min(1).max(3650).nullable(),
      customer: z.number().int().min(1).max(3650).nullable(),
      lost: z.number().int().min(1).max(3650).nullable(),
    }),
    /** How many days before reclaiming the owner is warned. */
    warnDaysBefore: z.number().int().min(0).max(60),
    /** How many pool customers one user may claim per day. */
    claimsPerDay: z.number().int().min(0).max(1000),
    /** How many customers one user may own at most before claiming more (null = no limit). */
    maxOwned: z.number().int().min(1).max(100000).nullable(),
  })
  .meta({ id: 'PoolRules' });
export type PoolRules = z.infer<typeof poolRules>;

export const DEFAULT_POOL_RULES: PoolRules = {
  reclaimDays: { potential: 30, intent: 60, customer: null, lost: 90 },
  warnDaysBefore: 3,
  claimsPerDay: 10,
  maxOwned: 500,
};
