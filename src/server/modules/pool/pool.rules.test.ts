import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_RULES } from '../../../contracts/pool.ts';
import { claimRefusal, lastActivity, reclaimSchedule } from './pool.rules.ts';

describe('reclaimSchedule', () => {
  it('reclaims per stage after the configured days, warning before', () => {
    const last = new Date('2026-03-01T02:00:00Z');
    const s = reclaimSchedule('potential', last, DEFAULT_POOL_RULES);
    expect(s?.reclaimAt.toISOString()).toBe('2026-03-31T02:00:00.000Z');
    expect(s?.warnAt.toISOString()).toBe('2026-03-28T02:00:00.000Z');
    expect(reclaimSchedule('intent', last, DEFAULT_POOL_RULES)?.reclaimAt.toISOString()).toBe('2026-04-30T02:00:00.000Z');
    expect(reclaimSchedule('customer', last, DEFAULT_POOL_RULES)).toBeNull();
  });
});

describe('lastActivity', () => {
  it('takes the latest of follow-up, claim and creation', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    expect(lastActivity({ lastFollowUpAt: null, claimedAt: null, createdAt: created })).toEqual(created);
    expect(lastActivity({ lastFollowUpAt: new Date('2026-02-01T00:00:00Z'), claimedAt: new Date('2026-01-15T00:00:00Z'), createdAt: created }).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(lastActivity({ lastFollowUpAt: new Date('2026-01-10T00:00:00Z'), claimedAt: new Date('2026-01-15T00:00:00Z'), createdAt: created }).toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('claimRefusal', () => {
  const rules = { ...DEFAULT_POOL_RULES, claimsPerDay: 2, maxOwned: 5 };
  it('allows within both limits and names the one broken', () => {
    expect(claimRefusal({ claimsToday: 1, owned: 4 }, rules)).toBeNull();
    expect(claimRefusal({ claimsToday: 2, owned: 0 }, rules)).toBe('daily_limit');
    expect(claimRefusal({ claimsToday: 0, owned: 5 }, rules)).toBe('max_owned');
    expect(claimRefusal({ claimsToday: 0, owned: 5000 }, { ...rules, maxOwned: null })).toBeNull();
  });
});

