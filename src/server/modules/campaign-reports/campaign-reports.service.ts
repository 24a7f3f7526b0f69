import type { Writable } from 'node:stream';
import type { Locale } from '../../../contracts/auth.ts';
import {
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_TYPE_LABELS,
  MAX_COMPARED_CAMPAIGNS,
  type CampaignComparison,
  type CampaignComparisonQuery,
  type CampaignReport,
  type CampaignStatus,
  type CampaignType,
} from '../../../contracts/campaigns.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { businessDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { writeXlsx, type CellValue, type ExportColumn } from '../../platform/tabular/write.ts';
import { memberStatusCounts } from '../campaign-members/index.ts';
import { requireVisibleCampaign, toCampaign } from '../campaigns/index.ts';
import { sourceChannelList } from '../catalog/index.ts';
import * as q from './campaign-reports.queries.ts';
import { addCounts, emptyCounts, goalReached, metricsOf, type CampaignCounts } from './campaign-reports.rules.ts';

/**
 * 活动报告: what each campaign brought, counted within the reader's data scope (members, leads,
 * customers and opportunities they may see), against what it cost: costs per lead and per
 * customer, and ROI with first-touch and last-touch revenue side by side. Read-only: nothing to
 * audit.
 */

/** The counts of these campaigns (cost and budget as recorded), read in five set-wise queries. */
async function countsOf(db: DbOrTx, actor: Actor, list: readonly { id: string; costFen: number; budgetFen: number | null }[], now: Date): Promise<Map<string, CampaignCounts>> {
  const out = new Map(list.map((c) => [c.id, { ...emptyCounts(), costFen: c.costFen, budgetFen: c.budgetFen }]));
  const ids = list.map((c) => c.id);
  const [members, leads, customers, firstTouch, lastTouch] = await Promise.all([
    memberStatusCounts(db, ids, actor),
    q.leadCounts(db, ids, actor),
    q.customerCounts(db, ids, actor),
    q.firstTouchCounts(db, ids, actor),
    q.lastTouchCounts(db, ids, actor, now),
  ]);
  const of = (id: string) => out.get(id) ?? emptyCounts();
  for (const m of members) of(m.campaignId).byStatus[m.status] += m.n;
  for (const l of leads) Object.assign(of(l.campaignId), { leads: l.leads, aLeads: l.aLeads, convertedLeads: l.converted });
  for (const c of customers) of(c.campaignId).customers = c.n;
  for (const o of firstTouch) Object.assign(of(o.campaignId), { opportunities: o.n, wonDeals: o.won, wonRevenueFen: o.revenueFen });
  for (const o of lastTouch) Object.assign(of(o.campaignId), { lastTouchWonDeals: o.n, lastTouchRevenueFen: o.revenueFen });
  return out;
}

export async function campaignReport(deps: Deps, ctx: Ctx, id: string): Promise<CampaignReport> {
  requirePermission(ctx.actor, 'campaign', 'read');
  const row = await requireVisibleCampaign(deps.db, ctx.actor, id);
  const campaign = toCampaign(row);
  const counts = await countsOf(deps.db, ctx.actor, [campaign], ctx.now);
  const metrics = metricsOf(counts.get(id) ?? emptyCounts());
  return {
    campaign,
    metrics,
    goalProgress: campaign.goal ? { goal: campaign.goal, target: campaign.goalTarget, reached: goalReached(campaign.goal, metrics) } : null,
  };
}

export async function compareCampaigns(deps: Deps, ctx: Ctx, query: CampaignComparisonQuery): Promise<CampaignComparison> {
  requirePermission(ctx.actor, 'campaign', 'read');
  const rows = await q.comparedCampaigns(deps.db, ctx.actor, query, MAX_COMPARED_CAMPAIGNS);
  const truncated = rows.length > MAX_COMPARED_CAMPAIGNS;
  const list = rows.slice(0, MAX_COMPARED_CAMPAIGNS);
  const counts = await countsOf(deps.db, ctx.actor, list, ctx.now);
  const byChannel = new Map<string | null, { campaigns: number; counts: CampaignCounts }>();
  const total = emptyCounts();
  for (const c of list) {
    const own = counts.get(c.id) ?? emptyCounts();
    const channel = byChannel.get(c.channel) ?? { campaigns: 0, counts: emptyCounts() };
    channel.campaigns += 1;
    addCounts(channel.counts, own);
    byChannel.set(c.channel, channel);
    addCounts(total, own);
  }
  return {
    campaigns: list.map((c) => ({ id: c.id, name: c.name, type: c.type, status: c.status, channel: c.channel, startsOn: c.startsOn, endsOn: c.endsOn, metrics: metricsOf(counts.get(c.id) ?? emptyCounts()) })),
    channels: [...byChannel.entries()]
      .map(([channel, g]) => ({ channel, campaigns: g.campaigns, metrics: metricsOf(g.counts) }))
      .sort((a, b) => b.metrics.leads - a.metrics.leads || b.campaigns - a.campaigns),
    total: metricsOf(total),
    truncated,
  };
}

interface Column {
  key: string;
  zh: string;
  en: string;
}

const COLUMNS: Column[] = [
  { key: 'name', zh: '活动名称', en: 'Campaign' },
  { key: 'type', zh: '活动类型', en: 'Type' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'channel', zh: '来源渠道', en: 'Channel' },
  { key: 'startsOn', zh: '开始日期', en: 'Starts' },
  { key: 'endsOn', zh: '结束日期', en: 'Ends' },
  { key: 'members', zh: '成员数', en: 'Members' },
  { key: 'responses', zh: '回应数', en: 'Responses' },
  { key: 'responseRate', zh: '回应率 %', en: 'Response rate %' },
  { key: 'leads', zh: '线索数', en: 'Leads' },
  { key: 'aLeads', zh: 'A 级线索', en: 'A leads' },
  { key: 'customers', zh: '新客户', en: 'New customers' },
  { key: 'opportunities', zh: '商机数', en: 'Opportunities' },
  { key: 'wonDeals', zh: '赢单数（首次触达）', en: 'Won (first touch)' },
  { key: 'wonRevenue', zh: '赢单金额（首次触达）', en: 'Won revenue (first touch)' },
  { key: 'lastTouchWonDeals', zh: '赢单数（末次触达）', en: 'Won (last touch)' },
  { key: 'lastTouchRevenue', zh: '赢单金额（末次触达）', en: 'Won revenue (last touch)' },
  { key: 'budget', zh: '预算', en: 'Budget' },
  { key: 'cost', zh: '实际费用', en: 'Cost' },
  { key: 'costPerLead', zh: '单条线索成本', en: 'Cost per lead' },
  { key: 'costPerCustomer', zh: '单个客户成本', en: 'Cost per customer' },
  { key: 'roiFirstTouch', zh: 'ROI %（首次触达）', en: 'ROI % (first touch)' },
  { key: 'roiLastTouch', zh: 'ROI %（末次触达）', en: 'ROI % (last touch)' },
];

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 10_000) / 100);

/** The comparison as an xlsx sheet: one row per campaign, then the total. Amounts in yuan, rates in %. */
export async function comparisonWorkbook(deps: Deps, ctx: Ctx, locale: Locale, query: CampaignComparisonQuery) {
  requirePermission(ctx.actor, 'campaign', 'export');
  const comparison = await compareCampaigns(deps, ctx, query);
  const channelNames = new Map((await sourceChannelList(deps.db)).map((c) => [c.key, locale === 'en' ? c.nameEn : c.nameZh]));
  const row = (head: { name: string; type?: CampaignType; status?: CampaignStatus; channel?: string | null; startsOn?: string | null; endsOn?: string | null }, m: CampaignComparison['total']): Record<string, CellValue> => ({
    name: head.name,
    type: head.type ? CAMPAIGN_TYPE_LABELS[head.type][locale] : null,
    status: head.status ? CAMPAIGN_STATUS_LABELS[head.status][locale] : null,
    channel: head.channel ? (channelNames.get(head.channel) ?? head.channel) : null,
    startsOn: head.startsOn ?? null,
    endsOn: head.endsOn ?? null,
    members: m.members,
    responses: m.responses,
    responseRate: percent(m.responseRate),
    leads: m.leads,
    aLeads: m.aLeads,
    customers: m.customers,
    opportunities: m.opportunities,
    wonDeals: m.wonDeals,
    wonRevenue: yuan(m.wonRevenueFen),
    lastTouchWonDeals: m.lastTouchWonDeals,
    lastTouchRevenue: yuan(m.lastTouchRevenueFen),
    budget: yuan(m.budgetFen),
    cost: yuan(m.costFen),
    costPerLead: yuan(m.costPerLeadFen),
    costPerCustomer: yuan(m.costPerCustomerFen),
    roiFirstTouch: percent(m.roiFirstTouch),
    roiLastTouch: percent(m.roiLastTouch),
  });
  const rows = [...comparison.campaigns.map((c) => row(c, c.metrics)), row({ name: locale === 'en' ? 'Total' : '合计' }, comparison.total)];
  const columns: ExportColumn[] = COLUMNS.map((c) => ({ key: c.key, header: locale === 'en' ? c.en : c.zh, ...(c.key.endsWith('On') ? { date: 'date' as const } : {}) }));
  const title = locale === 'en' ? 'Campaign comparison' : '营销活动对比';
  return {
    fileName: `${title}-${businessDate(ctx.now, deps.config.timeZone)}.xlsx`,
    write: (dest: Writable) => writeXlsx(dest, columns, rows, { timeZone: deps.config.timeZone, sheetName: title }),
  };
}
