import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, type CampaignComparisonQuery, type CampaignComparisonRow, type CampaignMetrics } from '../../../contracts/campaigns.ts';
import { oneOf } from '../../ui/listParams.ts';

/**
 * The pure parts of the campaign report (活动报告) and the comparison page (活动效果对比): ratios
 * as percentages, the steps of the report's chart, the comparison's filters from the URL, its
 * column sort and the cost-versus-revenue chart's data. Amounts stay in fen until shown.
 */

const percentFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A ratio (2.6, 0.2537, −1) as a percentage: "260%", "25.37%", "-100%"; "—" when there is none
 * (an ROI without a cost, a response rate without members). At most two decimals, rounded on
 * the hundredths of a percent so that float noise (0.29 × 100) never shows.
 */
export function formatRatioPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const hundredths = Math.round(ratio * 10_000);
  return `${percentFormat.format((hundredths === 0 ? 0 : hundredths) / 100)}%`;
}

/** What a report step counts, in the order a campaign's audience narrows. */
export const REPORT_STEPS = ['members', 'responses', 'leads', 'customers', 'opportunities', 'wonDeals'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** The report's chart and its table: members → responses → leads → customers → opportunities → won deals. */
export function reportSteps(m: CampaignMetrics): { step: ReportStep; value: number }[] {
  return REPORT_STEPS.map((step) => ({ step, value: m[step] }));
}

const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const COMPARISON_URL_KEYS = ['from', 'to', 'type', 'status', 'ownerId'] as const;

/**
 * The comparison's filters from the URL, as the API takes them: what a hand-edited URL gets
 * wrong is left out, and a period typed backwards is put in order.
 */
export function comparisonQuery(values: Partial<Record<(typeof COMPARISON_URL_KEYS)[number], string>>): CampaignComparisonQuery {
  let from = isDate(values.from);
  let to = isDate(values.to);
  if (from && to && from > to) [from, to] = [to, from];
  const query: CampaignComparisonQuery = {};
  if (from) query.from = from;
  if (to) query.to = to;
  const type = oneOf(CAMPAIGN_TYPES, values.type);
  if (type) query.type = type;
  const status = oneOf(CAMPAIGN_STATUSES, values.status);
  if (status) query.status = status;
  if (values.ownerId && UUID.test(values.ownerId)) query.ownerId = values.ownerId;
  return query;
}

/** The metrics a comparison column may be sorted by. */
export type MetricKey = Exclude<keyof CampaignMetrics, 'byStatus'>;

/**
 * The table's sorter for a metric: ascending by value, campaigns without one (an ROI without a
 * cost) after those with one whichever way the column is sorted (antd reverses the comparator
 * for descending, so a missing value is put last by the sign of the sort).
 */
export function metricSorter(key: MetricKey) {
  return (a: { metrics: CampaignMetrics }, b: { metrics: CampaignMetrics }, order?: 'ascend' | 'descend' | null): number => {
    const x = a.metrics[key];
    const y = b.metrics[key];
    if (x === null && y === null) return 0;
    const last = order === 'descend' ? -1 : 1;
    if (x === null) return last;
    if (y === null) return -last;
    return x - y;
  };
}

export const CHART_CAMPAIGNS = 20;

/**
 * The cost-versus-revenue chart: the campaigns that cost or brought the most (at most `limit`,
 * in the table's order otherwise), with both amounts in yuan for the axis.
 */
export function costRevenueChart(rows: readonly CampaignComparisonRow[], limit = CHART_CAMPAIGNS): { names: string[]; costYuan: number[]; revenueYuan: number[]; shown: number } {
  const weight = (r: CampaignComparisonRow) => Math.max(r.metrics.costFen, r.metrics.wonRevenueFen);
  const picked = rows
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => weight(r) > 0)
    .sort((a, b) => weight(b.r) - weight(a.r) || a.index - b.index)
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map(({ r }) => r);
  return {
    names: picked.map((r) => r.name),
    costYuan: picked.map((r) => r.metrics.costFen / 100),
    revenueYuan: picked.map((r) => r.metrics.wonRevenueFen / 100),
    shown: picked.length,
  };
}
