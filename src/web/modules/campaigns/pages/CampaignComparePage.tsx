import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Breadcrumb, Button, Card, DatePicker, Flex, Select, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TYPE_LABELS,
  CAMPAIGN_TYPES,
  MAX_COMPARED_CAMPAIGNS,
  type CampaignComparisonRow,
  type CampaignMetrics,
  type CampaignStatus,
  type CampaignType,
  type ChannelComparisonRow,
} from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useCan } from '../../../app/session.tsx';
import { EChart } from '../../../ui/EChart.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { downloadComparison, useCampaignComparison } from '../campaigns.api.ts';
import { COMPARISON_URL_KEYS, comparisonQuery, costRevenueChart, formatRatioPercent, metricSorter, type MetricKey } from '../campaignReport.ts';
import { CampaignStatusTag, Period } from '../components/campaignBits.tsx';

type MetricKind = 'count' | 'money' | 'ratio';
type MetricColumn = { key: MetricKey; kind: MetricKind; width: number };

/** The figures each row of both tables shows, in this order. */
const METRIC_COLUMNS: MetricColumn[] = [
  { key: 'members', kind: 'count', width: 90 },
  { key: 'responseRate', kind: 'ratio', width: 100 },
  { key: 'leads', kind: 'count', width: 90 },
  { key: 'aLeads', kind: 'count', width: 100 },
  { key: 'customers', kind: 'count', width: 90 },
  { key: 'opportunities', kind: 'count', width: 90 },
  { key: 'wonDeals', kind: 'count', width: 90 },
  { key: 'wonRevenueFen', kind: 'money', width: 150 },
  { key: 'lastTouchRevenueFen', kind: 'money', width: 150 },
  { key: 'costFen', kind: 'money', width: 140 },
  { key: 'budgetFen', kind: 'money', width: 140 },
  { key: 'costPerLeadFen', kind: 'money', width: 130 },
  { key: 'costPerCustomerFen', kind: 'money', width: 130 },
  { key: 'roiFirstTouch', kind: 'ratio', width: 120 },
  { key: 'roiLastTouch', kind: 'ratio', width: 120 },
];
const METRICS_WIDTH = METRIC_COLUMNS.reduce((n, c) => n + c.width, 0);

function metricText(kind: MetricKind, value: number | null): string {
  if (value === null) return '—';
  if (kind === 'money') return formatFen(value, 'CNY');
  if (kind === 'ratio') return formatRatioPercent(value);
  return String(value);
}

const numeric: React.CSSProperties = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

function MetricValue({ kind, value, metric }: { kind: MetricKind; value: number | null; metric: MetricKey }) {
  const negative = kind === 'ratio' && metric.startsWith('roi') && value !== null && value < 0;
  return (
    <Typography.Text type={negative ? 'danger' : undefined} style={numeric} data-testid={`compare-${metric}`}>
      {metricText(kind, value)}
    </Typography.Text>
  );
}

/** The metric columns of a table (sortable on the page, with the rows' figures). */
function useMetricColumns<T extends { metrics: CampaignMetrics }>(): TableColumnsType<T> {
  const { t } = useTranslation();
  return METRIC_COLUMNS.map(({ key, kind, width }) => ({
    key,
    title: t(`campaigns.compare.metrics.${key}`),
    width,
    align: 'right' as const,
    sorter: metricSorter(key),
    sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[],
    render: (_v: unknown, r: T) => <MetricValue kind={kind} value={r.metrics[key]} metric={key} />,
  }));
}

/** The total under a table: 合计 across the leading columns, then each figure of the sum. */
function TotalRow({ total, lead, campaigns }: { total: CampaignMetrics; lead: number; campaigns?: number }) {
  const { t } = useTranslation();
  return (
    <Table.Summary.Row data-testid="compare-total">
      <Table.Summary.Cell index={0} colSpan={campaigns === undefined ? lead : lead - 1}>
        <Typography.Text strong>{t('campaigns.compare.total')}</Typography.Text>
      </Table.Summary.Cell>
      {campaigns === undefined ? null : (
        <Table.Summary.Cell index={lead - 1} align="right">
          <Typography.Text strong>{campaigns}</Typography.Text>
        </Table.Summary.Cell>
      )}
      {METRIC_COLUMNS.map(({ key, kind }, n) => (
        <Table.Summary.Cell key={key} index={lead + n} align="right">
          <Typography.Text strong>
            <MetricValue kind={kind} value={total[key]} metric={key} />
          </Typography.Text>
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

/** 导出 Excel: the comparison of the current filters as an xlsx sheet. */
function ExportButton({ query }: { query: Parameters<typeof downloadComparison>[0] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadComparison(query);
    } catch (err) {
      void message.error(err instanceof Error && err.message ? err.message : t('exports.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="compare-export">
      {t('campaigns.compare.export')}
    </Button>
  );
}

/**
 * 活动效果对比: the campaigns of a period (and type, status, owner) side by side with the
 * report's figures, per source channel too, each table with its total; what they cost against
 * the first-touch revenue they brought as a chart; the same as an Excel sheet.
 */
export function CampaignComparePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('campaigns.compare.title'));
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const { values, setFilters } = useUrlFilters(COMPARISON_URL_KEYS);
  const query = useMemo(() => comparisonQuery(values), [values]);
  const comparison = useCampaignComparison(query);
  const data = comparison.data;
  const metricColumns = useMetricColumns<CampaignComparisonRow>();
  const channelMetricColumns = useMetricColumns<ChannelComparisonRow>();
  const channelName = (channel: string | null) => channels.nameOf(channel) ?? t('campaigns.compare.noChannel');

  const chart = useMemo(() => costRevenueChart(data?.campaigns ?? []), [data]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: chart.names, axisLabel: { interval: 0, rotate: chart.names.length > 6 ? 30 : 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', name: t('campaigns.compare.yuan') },
      series: [
        { type: 'bar', name: t('campaigns.compare.metrics.costFen'), data: chart.costYuan, barMaxWidth: 48, itemStyle: { color: '#fa8c16' } },
        { type: 'bar', name: t('campaigns.compare.metrics.wonRevenueFen'), data: chart.revenueYuan, barMaxWidth: 48, itemStyle: { color: '#1677ff' } },
      ],
    }),
    [chart, t],
  );

  const campaignColumns: TableColumnsType<CampaignComparisonRow> = [
    {
      key: 'name',
      title: t('campaigns.fields.name'),
      width: 220,
      fixed: 'left',
      ellipsis: true,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_v, r) => (
        <Link to={`/campaigns/${r.id}`} data-testid="compare-campaign-link">
          {r.name}
        </Link>
      ),
    },
    { key: 'type', title: t('campaigns.fields.type'), width: 110, render: (_v, r) => label(CAMPAIGN_TYPE_LABELS[r.type]) },
    { key: 'status', title: t('campaigns.fields.status'), width: 90, render: (_v, r) => <CampaignStatusTag status={r.status} testId="compare-status" /> },
    { key: 'channel', title: t('campaigns.fields.channel'), width: 110, render: (_v, r) => channelName(r.channel) },
    { key: 'period', title: t('campaigns.fields.period'), width: 200, render: (_v, r) => <Period startsOn={r.startsOn} endsOn={r.endsOn} /> },
    ...metricColumns,
  ];
  const channelColumns: TableColumnsType<ChannelComparisonRow> = [
    { key: 'channel', title: t('campaigns.fields.channel'), width: 140, fixed: 'left', render: (_v, r) => <span data-testid="compare-channel-name">{channelName(r.channel)}</span> },
    { key: 'campaigns', title: t('campaigns.compare.campaigns'), width: 90, align: 'right', sorter: (a, b) => a.campaigns - b.campaigns, render: (_v, r) => r.campaigns },
    ...channelMetricColumns,
  ];

  const period = query.from || query.to ? ([query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null] as [dayjs.Dayjs | null, dayjs.Dayjs | null]) : null;
  const filtered = Object.keys(query).length > 0;

  return (
    <div className="kehu-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/campaigns">{t('campaigns.title')}</Link> }, { title: t('campaigns.compare.title') }]} />
      <PageContainer title={t('campaigns.compare.title')} description={t('campaigns.compare.hint')} extra={can('campaign:export') ? <ExportButton query={query} /> : null}>
        <Card data-testid="campaign-compare">
          <FilterBar
            extra={
              filtered ? (
                <Button type="link" onClick={() => setFilters({ from: null, to: null, type: null, status: null, ownerId: null })} data-testid="compare-filter-reset">
                  {t('common.clearFilters')}
                </Button>
              ) : null
            }
          >
            <DatePicker.RangePicker
              value={period}
              allowEmpty={[true, true]}
              onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })}
              placeholder={[t('campaigns.compare.from'), t('campaigns.compare.to')]}
              data-testid="compare-filter-period"
            />
            <Select<CampaignType>
              value={query.type}
              onChange={(v) => setFilters({ type: v ?? null })}
              placeholder={t('campaigns.filterType')}
              allowClear
              style={{ width: 130 }}
              options={CAMPAIGN_TYPES.map((s) => ({ value: s, label: label(CAMPAIGN_TYPE_LABELS[s]) }))}
              data-testid="compare-filter-type"
            />
            <Select<CampaignStatus>
              value={query.status}
              onChange={(v) => setFilters({ status: v ?? null })}
              placeholder={t('campaigns.filterStatus')}
              allowClear
              style={{ width: 120 }}
              options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: label(CAMPAIGN_STATUS_LABELS[s]) }))}
              data-testid="compare-filter-status"
            />
            {can('user:read') ? (
              <UserSelect value={query.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('campaigns.filterOwner')} style={{ width: 170 }} data-testid="compare-filter-owner" />
            ) : null}
          </FilterBar>
          {comparison.isPending ? (
            <LoadingState />
          ) : comparison.isError || !data ? (
            <ErrorState error={comparison.error} onRetry={() => void comparison.refetch()} />
          ) : data.campaigns.length === 0 ? (
            <EmptyState description={filtered ? t('campaigns.emptyFiltered') : t('campaigns.empty')} />
          ) : (
            <Flex vertical gap={16} style={{ opacity: comparison.isPlaceholderData ? 0.6 : 1 }}>
              {data.truncated ? <Alert type="warning" showIcon title={t('campaigns.compare.truncated', { max: MAX_COMPARED_CAMPAIGNS })} data-testid="compare-truncated" /> : null}
              {chart.shown > 0 ? (
                <div>
                  <Typography.Text strong>{t('campaigns.compare.chartTitle')}</Typography.Text>
                  {chart.shown < data.campaigns.length ? (
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                      {t('campaigns.compare.chartShown', { count: chart.shown })}
                    </Typography.Text>
                  ) : null}
                  <div role="img" aria-label={t('campaigns.compare.chartLabel')}>
                    <EChart option={option} height={320} data-testid="compare-chart" />
                  </div>
                </div>
              ) : null}
              <Tabs
                items={[
                  {
                    key: 'campaigns',
                    label: <span data-testid="compare-tab-campaigns">{t('campaigns.compare.byCampaign')}</span>,
                    children: (
                      <Table<CampaignComparisonRow>
                        rowKey="id"
                        size="small"
                        dataSource={data.campaigns}
                        columns={campaignColumns}
                        pagination={data.campaigns.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                        scroll={{ x: 730 + METRICS_WIDTH }}
                        data-testid="compare-table"
                        onRow={(r) => ({ 'data-testid': `compare-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
                        summary={() => (
                          <Table.Summary fixed="bottom">
                            <TotalRow total={data.total} lead={5} />
                          </Table.Summary>
                        )}
                      />
                    ),
                  },
                  {
                    key: 'channels',
                    label: <span data-testid="compare-tab-channels">{t('campaigns.compare.byChannel')}</span>,
                    children: (
                      <Table<ChannelComparisonRow>
                        rowKey={(r) => r.channel ?? ''}
                        size="small"
                        dataSource={data.channels}
                        columns={channelColumns}
                        pagination={false}
                        scroll={{ x: 230 + METRICS_WIDTH }}
                        data-testid="compare-channels-table"
                        onRow={(r) => ({ 'data-testid': `compare-channel-${r.channel ?? 'none'}` }) as React.HTMLAttributes<HTMLElement>}
                        summary={() => (
                          <Table.Summary fixed="bottom">
                            <TotalRow total={data.total} lead={2} campaigns={data.campaigns.length} />
                          </Table.Summary>
                        )}
                      />
                    ),
                  },
                ]}
              />
            </Flex>
          )}
        </Card>
      </PageContainer>
    </div>
  );
}
