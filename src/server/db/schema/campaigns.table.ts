import { sql } from 'drizzle-orm';
import { bigint, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CampaignGoal, CampaignStatus, CampaignType } from '../../../contracts/campaigns.ts';
import { businessColumns, softDelete } from './columns.ts';
import { departments, users } from './org.table.ts';
import { segments } from './segments.table.ts';

const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * 营销活动: a campaign with its goal, period and budget, owned by a marketer and seen, by data
 * scope, by the owner's department. Leads carry the campaign they came through (leads.campaign_id);
 * the members of a campaign are in campaign-members.table.ts.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    ...businessColumns(),
    ...softDelete(),
    name: text('name').notNull(),
    type: text('type').$type<CampaignType>().notNull(),
    status: text('status').$type<CampaignStatus>().notNull().default('planned'),
    goal: text('goal').$type<CampaignGoal>(),
    /** Leads or attendees to reach, or revenue in fen. */
    goalTarget: bigint('goal_target', { mode: 'number' }),
    /** The source channel leads registered through the campaign get. */
    channel: text('channel'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    budgetFen: fen('budget_fen'),
    /** Sum of the live costs, kept with every cost written (one writer at a time per campaign). */
    costFen: fen('cost_fen').notNull().default(0),
    notes: text('notes'),
    /** 目标人群: the segment or static list the campaign is for (mailings and SMS default to it). */
    targetSegmentId: uuid('target_segment_id').references(() => segments.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('campaigns_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('campaigns_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('campaigns_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);

/** 活动费用: one actual cost of a campaign (date, item, amount, supplier). */
export const campaignCosts = pgTable(
  'campaign_costs',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    spentOn: date('spent_on').notNull(),
    item: text('item').notNull(),
    amountFen: fen('amount_fen').notNull(),
    supplier: text('supplier'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaign_costs_campaign_idx').on(t.campaignId, t.spentOn)],
);
