import type { CampaignGoal, CampaignStatus, CampaignType } from '../../../contracts/campaigns.ts';
import type { BuiltInLeadChannel } from '../../../contracts/vocabulary.ts';

/**
 * The rules of campaigns (营销活动) as pure functions: which status steps are allowed, what a
 * campaign's fields must agree on, which source channel its leads get by default.
 */

/**
 * Planned → in progress or cancelled; in progress → completed or cancelled; a completed campaign
 * may be reopened (costs and responses arrive late), a cancelled one planned again.
 */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  planned: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: ['active'],
  cancelled: ['planned'],
};

export function allowedSteps(from: CampaignStatus): readonly CampaignStatus[] {
  return CAMPAIGN_TRANSITIONS[from];
}

export function mayStep(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

/** The channel leads of a campaign of this type are registered under, unless the campaign names one. */
export const CHANNEL_OF_TYPE: Record<CampaignType, BuiltInLeadChannel> = {
  trade_show: 'trade_show',
  webinar: 'website',
  email: 'email',
  social_media: 'social_media',
  search_ads: 'search_ads',
  offline_event: 'other',
  other: 'other',
};

export interface CampaignShape {
  goal: CampaignGoal | null;
  goalTarget: number | null;
  startsOn: string | null;
  endsOn: string | null;
}

export type ShapeProblem = { path: 'goalTarget' | 'goal' | 'endsOn'; key: 'campaign.goalTargetRequired' | 'campaign.goalRequired' | 'campaign.periodOrder' };

/** A goal needs a target and a target a goal; the period must be in order. */
export function shapeProblems(c: CampaignShape): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (c.goal && c.goalTarget === null) problems.push({ path: 'goalTarget', key: 'campaign.goalTargetRequired' });
  if (!c.goal && c.goalTarget !== null) problems.push({ path: 'goal', key: 'campaign.goalRequired' });
  if (c.startsOn && c.endsOn && c.startsOn > c.endsOn) problems.push({ path: 'endsOn', key: 'campaign.periodOrder' });
  return problems;
}

/** Only a campaign nothing happened in yet may be deleted: planned or cancelled, without costs. */
export function mayDelete(status: CampaignStatus, costFen: number): boolean {
  return (status === 'planned' || status === 'cancelled') && costFen === 0;
}
