import type { LeadChannel, SalesRegion } from '../../../contracts/vocabulary.ts';

/** What an automatic assignment rule matches on. An empty list matches any value, even none. */
export interface RuleCriteria {
  regions: readonly SalesRegion[];
  industryCodes: readonly string[];
  channels: readonly LeadChannel[];
}

export interface LeadTraits {
  region: SalesRegion | null;
  industryCode: string | null;
  channel: LeadChannel;
}

function listMatches<T>(list: readonly T[], value: T | null): boolean {
  return list.length === 0 || (value !== null && list.includes(value));
}

export function ruleMatches(rule: RuleCriteria, lead: LeadTraits): boolean {
  return listMatches(rule.regions, lead.region) && listMatches(rule.industryCodes, lead.industryCode) && listMatches(rule.channels, lead.channel);
}

/** The first matching rule in priority order (lower first; ties by age, older first). */
export function firstMatchingRule<R extends RuleCriteria & { priority: number; createdAt: Date }>(rules: readonly R[], lead: LeadTraits): R | null {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime());
  return ordered.find((r) => ruleMatches(r, lead)) ?? null;
}

/**
 * Round robin: the member at `cursor` gets the lead unless they cannot take it (disabled, moved
 * out of the department), in which case the next one does. Returns the member and the cursor for
 * the next lead, or null when nobody can take it. The cursor wraps, so a shrinking team never
 * points past its end.
 */
export function nextInTurn<M>(members: readonly M[], cursor: number, eligible: (m: M) => boolean): { member: M; nextCursor: number } | null {
  const n = members.length;
  if (n === 0) return null;
  const start = ((cursor % n) + n) % n;
  for (let i = 0; i < n; i++) {
    const index = (start + i) % n;
    const member = members[index] as M;
    if (eligible(member)) return { member, nextCursor: (index + 1) % n };
  }
  return null;
}
