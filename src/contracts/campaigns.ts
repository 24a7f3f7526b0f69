import { z } from 'zod';
import { isoDate, isoDateTime, listQuery, versioned } from './common.ts';
import { fenSchema } from './sales.ts';
import { leadChannelSchema, type Label } from './vocabulary.ts';

/**
 * 营销活动: campaigns with a goal, a period, a budget and the actual costs spent on them, and
 * their members (成员: contacts and leads with how they responded). Amounts are integer fen.
 */

const text = (max: number) => z.string().trim().max(max);

export const CAMPAIGN_TYPES = ['trade_show', 'webinar', 'email', 'social_media', 'search_ads', 'offline_event', 'other'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export const CAMPAIGN_TYPE_LABELS: Record<CampaignType, Label> = {
  trade_show: { 'zh-CN': '展会', en: 'Trade show' },
  webinar: { 'zh-CN': '线上研讨会', en: 'Webinar' },
  email: { 'zh-CN': '邮件营销', en: 'Email marketing' },
  social_media: { 'zh-CN': '社交媒体', en: 'Social media' },
  search_ads: { 'zh-CN': '搜索推广', en: 'Search ads' },
  offline_event: { 'zh-CN': '线下活动', en: 'Offline event' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, Label> = {
  planned: { 'zh-CN': '计划中', en: 'Planned' },
  active: { 'zh-CN': '进行中', en: 'In progress' },
  completed: { 'zh-CN': '已结束', en: 'Completed' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

/** What the campaign is for, with a target number: leads won, revenue (in fen) or attendees. */
export const CAMPAIGN_GOALS = ['leads', 'revenue', 'attendance'] as const;
export type CampaignGoal = (typeof CAMPAIGN_GOALS)[number];
export const CAMPAIGN_GOAL_LABELS: Record<CampaignGoal, Label> = {
  leads: { 'zh-CN': '获取线索', en: 'Leads' },
  revenue: { 'zh-CN': '带来收入', en: 'Revenue' },
  attendance: { 'zh-CN': '参与人数', en: 'Attendance' },
};

/**
 * How a member responded, in the order a response usually grows: tracking and forms only move a
 * member forward (an open after a click changes nothing); a user may set any status by hand.
 * `added` is a member nobody has reached yet.
 */
export const MEMBER_STATUSES = ['added', 'sent', 'opened', 'clicked', 'registered', 'attended', 'responded', 'converted'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_LABELS: Record<MemberStatus, Label> = {
  added: { 'zh-CN': '未触达', en: 'Not reached' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  opened: { 'zh-CN': '已打开', en: 'Opened' },
  clicked: { 'zh-CN': '已点击', en: 'Clicked' },
  registered: { 'zh-CN': '已报名', en: 'Registered' },
  attended: { 'zh-CN': '已参加', en: 'Attended' },
  responded: { 'zh-CN': '已回应', en: 'Responded' },
  converted: { 'zh-CN': '已转化', en: 'Converted' },
};

/** Where a member came from. */
export const MEMBER_SOURCES = ['manual', 'lead', 'segment', 'form', 'import', 'mailing'] as const;
export type MemberSource = (typeof MEMBER_SOURCES)[number];

export const MEMBER_KINDS = ['contact', 'lead'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const campaignTypeSchema = z.enum(CAMPAIGN_TYPES);
export const campaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export const campaignGoalSchema = z.enum(CAMPAIGN_GOALS);
export const memberStatusSchema = z.enum(MEMBER_STATUSES);

export const campaign = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: campaignTypeSchema,
    status: campaignStatusSchema,
    goal: campaignGoalSchema.nullable(),
    goalTarget: z.number().int().nullable().meta({ description: 'Leads or attendees to reach, or revenue in fen' }),
    channel: z.string().nullable().meta({ description: 'The source channel leads from this campaign get (a key of GET /source-channels)' }),
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    budgetFen: z.number().int().nullable(),
    costFen: z.number().int().meta({ description: 'Sum of the recorded costs' }),
    notes: z.string().nullable(),
    targetSegmentId: z.uuid().nullable().meta({ description: '目标人群: the segment or static list the campaign is for (PUT /campaigns/{id}/target); mailings and SMS default to it' }),
    targetSegmentName: z.string().nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof campaign>;

export const campaignCost = z
  .object({
    id: z.uuid(),
    spentOn: isoDate,
    item: z.string(),
    amountFen: z.number().int(),
    supplier: z.string().nullable(),
    notes: z.string().nullable(),
    recordedBy: z.uuid().nullable(),
    recordedByName: z.string().nullable(),
    recordedAt: isoDateTime,
  })
  .meta({ id: 'CampaignCost' });
export type CampaignCost = z.infer<typeof campaignCost>;

export const campaignDetail = campaign
  .extend({
    costs: z.array(campaignCost),
  })
  .meta({ id: 'CampaignDetail' });
export type CampaignDetail = z.infer<typeof campaignDetail>;

const campaignFields = {
  name: text(200).min(1),
  type: campaignTypeSchema,
  goal: campaignGoalSchema.nullable(),
  goalTarget: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().meta({ description: 'Required with a goal: leads or attendees, or revenue in fen' }),
  channel: leadChannelSchema.nullable(),
  startsOn: isoDate.nullable(),
  endsOn: isoDate.nullable().meta({ description: 'startsOn ≤ endsOn' }),
  budgetFen: fenSchema.nullable(),
  notes: text(5000).nullable(),
  ownerId: z.uuid().meta({ description: 'Defaults to the caller; the department is the owner’s' }),
};

export const createCampaignBody = z
  .object({
    name: campaignFields.name,
    type: campaignFields.type,
    goal: campaignFields.goal.optional(),
    goalTarget: campaignFields.goalTarget.optional(),
    channel: campaignFields.channel.optional().meta({ description: 'Defaults to the channel of the type (展会 → trade_show, 搜索推广 → search_ads …)' }),
    startsOn: campaignFields.startsOn.optional(),
    endsOn: campaignFields.endsOn.optional(),
    budgetFen: campaignFields.budgetFen.optional(),
    notes: campaignFields.notes.optional(),
    ownerId: campaignFields.ownerId.optional(),
  })
  .strict()
  .meta({ id: 'CreateCampaign' });

export const updateCampaignBody = z
  .object(campaignFields)
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateCampaign' });

export const campaignStatusBody = versioned
  .extend({ status: campaignStatusSchema })
  .strict()
  .meta({ id: 'CampaignStatusChange' });

export const costInput = z
  .object({
    spentOn: isoDate,
    item: text(200).min(1),
    amountFen: fenSchema.min(1, { message: 'validation.positiveAmount' }),
    supplier: text(200).nullable().optional(),
    notes: text(1000).nullable().optional(),
  })
  .strict()
  .meta({ id: 'CampaignCostEntry' });

export const costParams = z.object({ id: z.uuid(), costId: z.uuid() });

export const listCampaignsQuery = listQuery.extend({
  status: campaignStatusSchema.optional(),
  type: campaignTypeSchema.optional(),
  ownerId: z.uuid().optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Name contains' }),
  activeOn: isoDate.optional().meta({ description: 'Campaigns whose period includes this day' }),
});

/** What a lead form or a filter offers to pick: campaigns that are not cancelled, newest first. */
export const campaignOption = z
  .object({ id: z.uuid(), name: z.string(), type: campaignTypeSchema, status: campaignStatusSchema, channel: z.string().nullable() })
  .meta({ id: 'CampaignOption' });
export type CampaignOption = z.infer<typeof campaignOption>;
export const campaignOptionsQuery = z.object({
  q: z.string().trim().max(100).optional(),
  includeEnded: z.enum(['true', 'false']).optional().meta({ description: 'true: completed campaigns too (filters); default: planned and active only (new leads)' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const campaignOptions = z.object({ items: z.array(campaignOption) }).meta({ id: 'CampaignOptions' });

// ---- members (成员) ----

export const campaignMember = z
  .object({
    id: z.uuid(),
    kind: z.enum(MEMBER_KINDS),
    contactId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    name: z.string().meta({ description: 'The contact’s or the lead’s contact name' }),
    companyName: z.string().nullable().meta({ description: 'The contact’s customer, or the lead’s company' }),
    customerId: z.uuid().nullable(),
    title: z.string().nullable(),
    status: memberStatusSchema,
    statusAt: isoDateTime,
    source: z.enum(MEMBER_SOURCES),
    addedAt: isoDateTime,
    addedByName: z.string().nullable(),
  })
  .meta({ id: 'CampaignMember' });
export type CampaignMember = z.infer<typeof campaignMember>;

export const MAX_MEMBERS_PER_ADD = 1000;

export const addMembersBody = z
  .object({
    contactIds: z.array(z.uuid()).max(MAX_MEMBERS_PER_ADD).default([]),
    leadIds: z.array(z.uuid()).max(MAX_MEMBERS_PER_ADD).default([]),
    status: memberStatusSchema.default('added').meta({ description: 'The status new members start with' }),
  })
  .strict()
  .meta({ id: 'AddCampaignMembers' });
export const MAX_MEMBERS_FROM_SEGMENT = 100_000;

export const addSegmentMembersBody = z
  .object({
    segmentId: z.uuid().meta({ description: 'A segment or static list of contacts, leads or customers I may use' }),
    status: memberStatusSchema.default('added'),
    contacts: z.enum(['primary', 'all']).default('primary').meta({ description: 'For a segment of customers: their primary contact, or all their contacts' }),
  })
  .strict()
  .meta({ id: 'AddCampaignMembersFromSegment' });

export const addMembersResult = z
  .object({
    added: z.number().int(),
    alreadyMembers: z.number().int(),
    notVisible: z.number().int().meta({ description: 'Ids that do not exist or are outside my data scope (nothing is said about which)' }),
  })
  .meta({ id: 'AddCampaignMembersResult' });
export type AddMembersResult = z.infer<typeof addMembersResult>;

/** The members I may see, counted per status (the campaign page's header). */
export const memberSummary = z
  .object({
    total: z.number().int(),
    byStatus: z.record(memberStatusSchema, z.number().int()),
    contacts: z.number().int(),
    leads: z.number().int(),
  })
  .meta({ id: 'CampaignMemberSummary' });
export type MemberSummary = z.infer<typeof memberSummary>;

export const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });
export const updateMemberBody = z.object({ status: memberStatusSchema }).strict().meta({ id: 'UpdateCampaignMember' });

export const listMembersQuery = listQuery.extend({
  status: memberStatusSchema.optional(),
  kind: z.enum(MEMBER_KINDS).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Name or company contains' }),
});

// ---- report (活动报告) and comparison ----

/**
 * Member statuses that count as a response (回应): the member did something beyond receiving or
 * opening (clicked, registered, attended, answered, converted).
 */
export const RESPONSE_STATUSES = ['clicked', 'registered', 'attended', 'responded', 'converted'] as const satisfies readonly MemberStatus[];

export const campaignMetrics = z
  .object({
    members: z.number().int().meta({ description: 'Members I see' }),
    byStatus: z.record(memberStatusSchema, z.number().int()).meta({ description: 'Members I see, per response status' }),
    responses: z.number().int().meta({ description: 'Members that clicked, registered, attended, answered or converted' }),
    responseRate: z.number().nullable().meta({ description: 'responses ÷ members (0–1); null without members' }),
    leads: z.number().int().meta({ description: 'Leads I see that came through the campaign (first source or a later one)' }),
    aLeads: z.number().int().meta({ description: 'Of those, graded A' }),
    convertedLeads: z.number().int(),
    customers: z.number().int().meta({ description: 'Customers I see that the campaign first brought (first touch)' }),
    opportunities: z.number().int().meta({ description: 'Opportunities I see attributed to the campaign (first touch)' }),
    wonDeals: z.number().int().meta({ description: 'Of those, won' }),
    wonRevenueFen: z.number().int().meta({ description: 'First-touch revenue: the won amount (CNY) of those' }),
    lastTouchWonDeals: z.number().int().meta({ description: 'Won opportunities I see whose customer last responded to this campaign before the deal closed' }),
    lastTouchRevenueFen: z.number().int().meta({ description: 'Last-touch revenue: their won amount (CNY)' }),
    costFen: z.number().int(),
    budgetFen: z.number().int().nullable(),
    costPerLeadFen: z.number().int().nullable().meta({ description: 'cost ÷ leads, rounded; null without leads' }),
    costPerCustomerFen: z.number().int().nullable().meta({ description: 'cost ÷ customers, rounded; null without customers' }),
    roiFirstTouch: z.number().nullable().meta({ description: '(first-touch revenue − cost) ÷ cost; 1.5 = 150 %; null without cost' }),
    roiLastTouch: z.number().nullable().meta({ description: '(last-touch revenue − cost) ÷ cost; null without cost' }),
  })
  .meta({ id: 'CampaignMetrics' });
export type CampaignMetrics = z.infer<typeof campaignMetrics>;

export const campaignReport = z
  .object({
    campaign: campaign,
    metrics: campaignMetrics,
    goalProgress: z
      .object({ goal: campaignGoalSchema, target: z.number().int().nullable(), reached: z.number().int().meta({ description: 'Leads, attendees (members who attended or converted), or first-touch revenue in fen' }) })
      .nullable(),
  })
  .meta({ id: 'CampaignReport' });
export type CampaignReport = z.infer<typeof campaignReport>;

export const MAX_COMPARED_CAMPAIGNS = 500;

export const campaignComparisonQuery = z.object({
  from: isoDate.optional().meta({ description: 'Campaigns whose period (or creation, without one) ends on or after this day' }),
  to: isoDate.optional().meta({ description: '… and starts on or before this day' }),
  type: campaignTypeSchema.optional(),
  status: campaignStatusSchema.optional(),
  ownerId: z.uuid().optional(),
});
export type CampaignComparisonQuery = z.infer<typeof campaignComparisonQuery>;

export const campaignComparisonRow = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: campaignTypeSchema,
    status: campaignStatusSchema,
    channel: z.string().nullable(),
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    metrics: campaignMetrics,
  })
  .meta({ id: 'CampaignComparisonRow' });
export type CampaignComparisonRow = z.infer<typeof campaignComparisonRow>;

export const channelComparisonRow = z
  .object({ channel: z.string().nullable().meta({ description: 'The campaigns’ source channel; null: none set' }), campaigns: z.number().int(), metrics: campaignMetrics })
  .meta({ id: 'ChannelComparisonRow' });
export type ChannelComparisonRow = z.infer<typeof channelComparisonRow>;

export const campaignComparison = z
  .object({
    campaigns: z.array(campaignComparisonRow).meta({ description: `Campaigns I see that match, newest first (at most ${MAX_COMPARED_CAMPAIGNS})` }),
    channels: z.array(channelComparisonRow).meta({ description: 'The same campaigns summed per source channel' }),
    total: campaignMetrics,
    truncated: z.boolean().meta({ description: `More than ${MAX_COMPARED_CAMPAIGNS} campaigns matched: narrow the filters` }),
  })
  .meta({ id: 'CampaignComparison' });
export type CampaignComparison = z.infer<typeof campaignComparison>;

export const campaignTargetBody = versioned.extend({ segmentId: z.uuid().nullable() }).strict().meta({ id: 'CampaignTarget' });
