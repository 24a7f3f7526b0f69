import { describe, expect, it } from 'vitest';
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES } from '../../../contracts/campaigns.ts';
import { LEAD_CHANNELS } from '../../../contracts/vocabulary.ts';
import { allowedSteps, CHANNEL_OF_TYPE, mayDelete, mayStep, shapeProblems } from './campaigns.rules.ts';

describe('campaign status steps', () => {
  it('start, finish or cancel; reopen a finished one; plan a cancelled one again', () => {
    expect(allowedSteps('planned')).toEqual(['active', 'cancelled']);
    expect(mayStep('active', 'completed')).toBe(true);
    expect(mayStep('completed', 'active')).toBe(true);
    expect(mayStep('cancelled', 'planned')).toBe(true);
    expect(mayStep('planned', 'completed')).toBe(false);
    expect(mayStep('completed', 'cancelled')).toBe(false);
    expect(mayStep('cancelled', 'active')).toBe(false);
  });

  it('never step to the same status, and every status has a way on', () => {
    for (const s of CAMPAIGN_STATUSES) {
      expect(mayStep(s, s)).toBe(false);
      expect(allowedSteps(s).length).toBeGreaterThan(0);
    }
  });
});

describe('campaign fields', () => {
  const base = { goal: null, goalTarget: null, startsOn: null, endsOn: null };
  it('a goal needs a target and a target a goal', () => {
    expect(shapeProblems({ ...base, goal: 'leads' })).toEqual([{ path: 'goalTarget', key: 'campaign.goalTargetRequired' }]);
    expect(shapeProblems({ ...base, goalTarget: 200 })).toEqual([{ path: 'goal', key: 'campaign.goalRequired' }]);
    expect(shapeProblems({ ...base, goal: 'revenue', goalTarget: 50_000_000 })).toEqual([]);
  });

  it('the end may not come before the start; one day is a period', () => {
    expect(shapeProblems({ ...base, startsOn: '2026-03-12', endsOn: '2026-03-10' })).toEqual([{ path: 'endsOn', key: 'campaign.periodOrder' }]);
    expect(shapeProblems({ ...base, startsOn: '2026-03-12', endsOn: '2026-03-12' })).toEqual([]);
    expect(shapeProblems({ ...base, endsOn: '2026-03-12' })).toEqual([]);
  });
});

describe('campaign channel and deletion', () => {
  it('every type maps to a built-in channel', () => {
    for (const t of CAMPAIGN_TYPES) expect(LEAD_CHANNELS).toContain(CHANNEL_OF_TYPE[t]);
    expect(CHANNEL_OF_TYPE.trade_show).toBe('trade_show');
    expect(CHANNEL_OF_TYPE.search_ads).toBe('search_ads');
  });

  it('only a planned or cancelled campaign without costs may be deleted', () => {
    expect(mayDelete('planned', 0)).toBe(true);
    expect(mayDelete('cancelled', 0)).toBe(true);
    expect(mayDelete('planned', 1)).toBe(false);
    expect(mayDelete('active', 0)).toBe(false);
    expect(mayDelete('completed', 0)).toBe(false);
  });
});
