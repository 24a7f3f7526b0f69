import { MEMBER_STATUSES, RESPONSE_STATUSES, type CampaignGoal, type CampaignMetrics, type MemberStatus } from '../../../contracts/campaigns.ts';

/** What the report counts for one campaign (or a sum of campaigns), before the ratios. */
export interface CampaignCounts {
  byStatus: Record<MemberStatus, number>;
  leads: number;
  aLeads: number;
  convertedLeads: number;
  customers: number;
  opportunities: number;
  wonDeals: number;
  wonRevenueFen: number;
  lastTouchWonDeals: number;
  lastTouchRevenueFen: number;
  costFen: number;
  /** Null when no campaign of the sum has a budget. */
  budgetFen: number | null;
}

export function emptyCounts(): CampaignCounts {
  return {
    byStatus: Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>,
    leads: 0,
    aLeads: 0,
    convertedLeads: 0,
    customers: 0,
    opportunities: 0,
    wonDeals: 0,
    wonRevenueFen: 0,
    lastTouchWonDeals: 0,
    lastTouchRevenueFen: 0,
    costFen: 0,
    budgetFen: null,
  };
}

/** `into` plus `more` (a channel's or the whole comparison's sum), written into `into`. */
export function addCounts(into: CampaignCounts, more: CampaignCounts): CampaignCounts {
  for (const s of MEMBER_STATUSES) into.byStatus[s] += more.byStatus[s];
  for (const k of ['leads', 'aLeads', 'convertedLeads', 'customers', 'opportunities', 'wonDeals', 'wonRevenueFen', 'lastTouchWonDeals', 'lastTouchRevenueFen', 'costFen'] as const) into[k] += more[k];
  if (more.budgetFen !== null) into.budgetFen = (into.budgetFen ?? 0) + more.budgetFen;
  return into;
}

/** Fen per unit, rounded half up; null when there is nothing to divide by. */
function perUnit(fen: number, units: number): number | null {
  return units > 0 ? Math.round(fen / units) : null;
}

/**
 * ROI = (attributed revenue − cost) ÷ cost, to four decimals (0.2537 = 25.37 %): null without a
 * cost, since a campaign that cost nothing has no return on it to speak of.
 */
export function roi(revenueFen: number, costFen: number): number | null {
  if (costFen <= 0) return null;
  return Math.round(((revenueFen - costFen) / costFen) * 10_000) / 10_000;
}

const RESPONDED = new Set<MemberStatus>(RESPONSE_STATUSES);

/** The report's figures: the counts with the rates, the costs per lead and per customer, and both ROIs. */
export function metricsOf(c: CampaignCounts): CampaignMetrics {
  const members = MEMBER_STATUSES.reduce((n, s) => n + c.byStatus[s], 0);
  const responses = MEMBER_STATUSES.reduce((n, s) => n + (RESPONDED.has(s) ? c.byStatus[s] : 0), 0);
  return {
    members,
    byStatus: { ...c.byStatus },
    responses,
    responseRate: members > 0 ? Math.round((responses / members) * 10_000) / 10_000 : null,
    leads: c.leads,
    aLeads: c.aLeads,
    convertedLeads: c.convertedLeads,
    customers: c.customers,
    opportunities: c.opportunities,
    wonDeals: c.wonDeals,
    wonRevenueFen: c.wonRevenueFen,
    lastTouchWonDeals: c.lastTouchWonDeals,
    lastTouchRevenueFen: c.lastTouchRevenueFen,
    costFen: c.costFen,
    budgetFen: c.budgetFen,
    costPerLeadFen: perUnit(c.costFen, c.leads),
    costPerCustomerFen: perUnit(c.costFen, c.customers),
    roiFirstTouch: roi(c.wonRevenueFen, c.costFen),
    roiLastTouch: roi(c.lastTouchRevenueFen, c.costFen),
  };
}

/**
 * How far the campaign is towards its goal: leads that came through it, attendees (members who
 * attended, or went further and converted), or first-touch won revenue.
 */
export function goalReached(goal: CampaignGoal, m: CampaignMetrics): number {
  switch (goal) {
    case 'leads':
      return m.leads;
    case 'attendance':
      return m.byStatus.attended + m.byStatus.converted;
    case 'revenue':
      return m.wonRevenueFen;
  }
}
