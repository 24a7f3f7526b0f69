import { describe, expect, it } from 'vitest';
import { firstMatchingRule, nextInTurn, ruleMatches } from './assignment.rules.ts';

const any = { regions: [], industryCodes: [], channels: [] };

describe('ruleMatches', () => {
  it('an empty list matches anything, also a lead without that trait', () => {
    expect(ruleMatches(any, { region: null, industryCode: null, channel: 'website' })).toBe(true);
  });
  it('every non-empty list must contain the lead’s value', () => {
    const rule = { regions: ['east', 'south'] as const, industryCodes: ['MANU'], channels: [] };
    expect(ruleMatches(rule as never, { region: 'east', industryCode: 'MANU', channel: 'referral' })).toBe(true);
    expect(ruleMatches(rule as never, { region: 'north', industryCode: 'MANU', channel: 'referral' })).toBe(false);
    expect(ruleMatches(rule as never, { region: 'east', industryCode: null, channel: 'referral' })).toBe(false);
    expect(ruleMatches(rule as never, { region: null, industryCode: 'MANU', channel: 'referral' })).toBe(false);
  });
});

describe('firstMatchingRule', () => {
  it('takes the lowest priority number, then the oldest rule', () => {
    const rules = [
      { ...any, id: 'catch-all', priority: 900, createdAt: new Date('2026-01-01') },
      { ...any, id: 'east-new', regions: ['east' as const], priority: 10, createdAt: new Date('2026-03-01') },
      { ...any, id: 'east-old', regions: ['east' as const], priority: 10, createdAt: new Date('2026-02-01') },
    ];
    expect(firstMatchingRule(rules, { region: 'east', industryCode: null, channel: 'email' })?.id).toBe('east-old');
    expect(firstMatchingRule(rules, { region: 'north', industryCode: null, channel: 'email' })?.id).toBe('catch-all');
    expect(firstMatchingRule(rules.slice(1), { region: 'north', industryCode: null, channel: 'email' })).toBeNull();
  });
});

describe('nextInTurn', () => {
  const team = ['a', 'b', 'c'];
  it('goes round the team in order and wraps', () => {
    let cursor = 0;
    const got: string[] = [];
    for (let i = 0; i < 7; i++) {
      const next = nextInTurn(team, cursor, () => true);
      got.push(next!.member);
      cursor = next!.nextCursor;
    }
    expect(got).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });
  it('skips members who cannot take leads, and the turn continues after the one who took it', () => {
    expect(nextInTurn(team, 1, (m) => m !== 'b')).toEqual({ member: 'c', nextCursor: 0 });
    expect(nextInTurn(team, 2, (m) => m === 'a')).toEqual({ member: 'a', nextCursor: 1 });
  });
  it('a cursor beyond a shrunk team wraps; nobody eligible or nobody at all is null', () => {
    expect(nextInTurn(team, 7, () => true)).toEqual({ member: 'b', nextCursor: 2 });
    expect(nextInTurn(team, 0, () => false)).toBeNull();
    expect(nextInTurn([], 0, () => true)).toBeNull();
  });
});
