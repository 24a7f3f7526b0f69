import { describe, expect, it } from 'vitest';
import type { CampaignComparisonRow, CampaignMetrics } from '../../../contracts/campaigns.ts';
import { comparisonQuery, costRevenueChart, formatRatioPercent, metricSorter, reportSteps } from './campaignReport.ts';

const metrics = (patch: Partial<CampaignMetrics> = {}): CampaignMetrics => ({
  members: 40,
  byStatus: { added: 10, sent: 10, opened: 5, clicked: 5, registered: 4, attended: 3, responded: 2, converted: 1 },
  responses: 15,
  responseRate: 0.375,
  leads: 12,
  aLeads: 3,
  convertedLeads: 2,
  customers: 2,
  opportunities: 3,
  wonDeals: 1,
  wonRevenueFen: 300_000_00,
  lastTouchWonDeals: 1,
  lastTouchRevenueFen: 120_000_00,
  costFen: 86_500_00,
  budgetFen: 150_000_00,
  costPerLeadFen: 7_208_33,
  costPerCustomerFen: 43_250_00,
  roiFirstTouch: 2.4682,
  roiLastTouch: 0.3873,
  ...patch,
});

const row = (id: string, name: string, patch: Partial<CampaignMetrics> = {}): CampaignComparisonRow => ({
  id,
  name,
  type: 'trade_show',
  status: 'active',
  channel: 'trade_show',
  startsOn: '2026-09-15',
  endsOn: '2026-09-19',
  metrics: metrics(patch),
});

describe('ratios as percentages', () => {
  it('shows an ROI or a rate with at most two decimals', () => {
    expect(formatRatioPercent(2.6)).toBe('260%');
    expect(formatRatioPercent(0.2537)).toBe('25.37%');
    expect(formatRatioPercent(0.375)).toBe('37.5%');
    expect(formatRatioPercent(0.29)).toBe('29%');
    expect(formatRatioPercent(0)).toBe('0%');
    expect(formatRatioPercent(-1)).toBe('-100%');
    expect(formatRatioPercent(-0.00001)).toBe('0%');
    expect(formatRatioPercent(123.45)).toBe('12,345%');
  });

  it('shows — without a figure', () => {
    expect(formatRatioPercent(null)).toBe('—');
    expect(formatRatioPercent(undefined)).toBe('—');
    expect(formatRatioPercent(Number.NaN)).toBe('—');
  });
});

describe('the report chart', () => {
  it('goes from members to won deals', () => {
    expect(reportSteps(metrics())).toEqual([
      { step: 'members', value: 40 },
      { step: 'responses', value: 15 },
      { step: 'leads', value: 12 },
      { step: 'customers', value: 2 },
      { step: 'opportunities', value: 3 },
      { step: 'wonDeals', value: 1 },
    ]);
  });
});

describe('the comparison filters from the URL', () => {
  it('keeps what is valid and drops the rest', () => {
    expect(comparisonQuery({ from: '2026-01-01', to: '2026-06-30', type: 'webinar', status: 'completed', ownerId: '0190a000-0000-7000-8000-000000000001' })).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      type: 'webinar',
      status: 'completed',
      ownerId: '0190a000-0000-7000-8000-000000000001',
    });
    expect(comparisonQuery({ from: '2026-13-45', to: 'soon', type: 'party', status: 'done', ownerId: 'me' })).toEqual({});
    expect(comparisonQuery({})).toEqual({});
  });

  it('puts a period typed backwards in order', () => {
    expect(comparisonQuery({ from: '2026-06-30', to: '2026-01-01' })).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(comparisonQuery({ to: '2026-01-01' })).toEqual({ to: '2026-01-01' });
  });
});

describe('sorting the comparison by a figure', () => {
  const a = row('a', 'A', { roiFirstTouch: 1.5 });
  const b = row('b', 'B', { roiFirstTouch: null });
  const c = row('c', 'C', { roiFirstTouch: -0.2 });

  /** As antd sorts: the comparator's result reversed for descending. */
  const sorted = (order: 'ascend' | 'descend') => {
    const compare = metricSorter('roiFirstTouch');
    return [a, b, c].sort((x, y) => (order === 'ascend' ? 1 : -1) * compare(x, y, order)).map((r) => r.id);
  };

  it('orders by the value, campaigns without one last either way', () => {
    expect(sorted('ascend')).toEqual(['c', 'a', 'b']);
    expect(sorted('descend')).toEqual(['a', 'c', 'b']);
  });
});

describe('the cost-versus-revenue chart', () => {
  it('shows both amounts in yuan, in the table’s order, leaving out campaigns without either', () => {
    const chart = costRevenueChart([row('a', '展会', { costFen: 86_500_00, wonRevenueFen: 300_000_00 }), row('b', '空活动', { costFen: 0, wonRevenueFen: 0 }), row('c', '研讨会', { costFen: 5_000_50, wonRevenueFen: 0 })]);
    expect(chart).toEqual({ names: ['展会', '研讨会'], costYuan: [86_500, 5_000.5], revenueYuan: [300_000, 0], shown: 2 });
  });

  it('keeps the campaigns with the largest amounts when there are too many', () => {
    const rows = [row('a', 'A', { costFen: 100, wonRevenueFen: 0 }), row('b', 'B', { costFen: 300, wonRevenueFen: 0 }), row('c', 'C', { costFen: 0, wonRevenueFen: 200 })];
    expect(costRevenueChart(rows, 2).names).toEqual(['B', 'C']);
  });
});
