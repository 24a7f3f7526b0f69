import { useMemo } from 'react';
import { Link } from 'react-router';
import { Breadcrumb, Card, DatePicker, Flex, Select, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { ForecastRow } from '../../../../contracts/opportunities.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { EChart } from '../../../ui/EChart.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { getForecast, opportunitiesKeys, type ForecastQuery } from '../opportunities.api.ts';

const URL_KEYS = ['from', 'months', 'departmentId', 'currency'] as const;
const MONTH_COUNTS = ['3', '6', '12'] as const;

/** 销售预测: by month, the open pipeline expected to close, its weighted amount and what was won; then by owner. */
export function ForecastPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('opportunities.forecast.title'));
  const can = useCan();
  const me = useCurrentUser();
  const manager = me.role.dataScope !== 'own';
  const { values, setFilters } = useUrlFilters(URL_KEYS);
  const currency = oneOf(CURRENCIES, values.currency) ?? 'CNY';
  const query: ForecastQuery = {
    from: values.from && /^\d{4}-(0[1-9]|1[0-2])$/.test(values.from) ? values.from : undefined,
    months: Number(oneOf(MONTH_COUNTS, values.months) ?? '6'),
    departmentId: manager ? values.departmentId : undefined,
    currency,
  };
  const forecast = useQuery({ queryKey: opportunitiesKeys.forecast(query), queryFn: ({ signal }) => getForecast(query, signal) });
  const money = (fen: number) => formatFen(fen, currency);

  const option = useMemo(() => {
    const totals = forecast.data?.totals ?? [];
    const series = (name: string, key: 'pipelineFen' | 'weightedFen' | 'wonFen', color: string) => ({ name, type: 'bar', data: totals.map((m) => m[key]), itemStyle: { color } });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatFen(v, currency) },
      legend: { top: 0 },
      grid: { left: 12, right: 12, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: totals.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFen(v).replace(/\.00$/, '') } },
      series: [series(t('opportunities.forecast.pipeline'), 'pipelineFen', '#91caff'), series(t('opportunities.forecast.weighted'), 'weightedFen', '#1677ff'), series(t('opportunities.forecast.won'), 'wonFen', '#52c41a')],
    };
  }, [forecast.data, currency, t]);

  const rows = forecast.data?.rows ?? [];
  return (
    <div className="kehu-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/opportunities">{t('opportunities.title')}</Link> }, { title: t('opportunities.forecast.title') }]} />
      <PageContainer title={t('opportunities.forecast.title')} description={t('opportunities.forecast.hint')}>
        <Card>
          <FilterBar>
            <DatePicker
              picker="month"
              value={query.from ? dayjs(`${query.from}-01`) : null}
              onChange={(d) => setFilters({ from: d ? d.format('YYYY-MM') : null })}
              placeholder={t('opportunities.forecast.fromMonth')}
              data-testid="forecast-from"
            />
            <Select
              value={String(query.months)}
              onChange={(v) => setFilters({ months: v === '6' ? null : v })}
              options={MONTH_COUNTS.map((n) => ({ value: n, label: t('opportunities.forecast.monthCount', { count: Number(n) }) }))}
              style={{ width: 120 }}
              data-testid="forecast-months"
            />
            {manager && can('department:read') ? (
              <DepartmentTreeSelect value={values.departmentId ?? null} onChange={(v) => setFilters({ departmentId: v })} placeholder={t('opportunities.filterDepartment')} style={{ width: 180 }} data-testid="forecast-department" />
            ) : null}
            <Select value={currency} onChange={(v) => setFilters({ currency: v === 'CNY' ? null : v })} options={CURRENCIES.map((c) => ({ value: c, label: t(`opportunities.currencies.${c}`) }))} style={{ width: 140 }} data-testid="forecast-currency" />
          </FilterBar>
          {forecast.isPending ? (
            <LoadingState />
          ) : forecast.isError ? (
            <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />
          ) : (
            <Flex vertical gap={16}>
              <EChart option={option} height={320} data-testid="forecast-chart" />
              <Table<ForecastRow>
                rowKey={(r) => `${r.month}|${r.ownerId}`}
                size="small"
                pagination={false}
                dataSource={rows}
                scroll={{ x: 800 }}
                data-testid="forecast-table"
                locale={{ emptyText: <EmptyState description={t('opportunities.forecast.empty')} /> }}
                columns={[
                  { key: 'month', title: t('opportunities.forecast.month'), dataIndex: 'month', width: 100, onCell: (r, i) => ({ rowSpan: i !== undefined && i > 0 && rows[i - 1]?.month === r.month ? 0 : rows.filter((x) => x.month === r.month).length }) },
                  { key: 'owner', title: t('opportunities.fields.owner'), render: (_v, r) => r.ownerName ?? '—' },
                  { key: 'openCount', title: t('opportunities.forecast.openCount'), dataIndex: 'openCount', align: 'right', width: 90 },
                  { key: 'pipeline', title: t('opportunities.forecast.pipeline'), align: 'right', render: (_v, r) => money(r.pipelineFen) },
                  { key: 'weighted', title: t('opportunities.forecast.weighted'), align: 'right', render: (_v, r) => money(r.weightedFen) },
                  { key: 'wonCount', title: t('opportunities.forecast.wonCount'), dataIndex: 'wonCount', align: 'right', width: 90 },
                  { key: 'won', title: t('opportunities.forecast.won'), align: 'right', render: (_v, r) => money(r.wonFen) },
                ]}
                summary={() => {
                  const totals = forecast.data.totals;
                  const sum = (k: 'openCount' | 'pipelineFen' | 'weightedFen' | 'wonCount' | 'wonFen') => totals.reduce((n, m) => n + m[k], 0);
                  return rows.length === 0 ? null : (
                    <Table.Summary.Row data-testid="forecast-total">
                      <Table.Summary.Cell index={0} colSpan={2}>
                        <strong>{t('opportunities.forecast.total')}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">{sum('openCount')}</Table.Summary.Cell>
                      <Table.Summary.Cell index={3} align="right">{money(sum('pipelineFen'))}</Table.Summary.Cell>
                      <Table.Summary.Cell index={4} align="right">{money(sum('weightedFen'))}</Table.Summary.Cell>
                      <Table.Summary.Cell index={5} align="right">{sum('wonCount')}</Table.Summary.Cell>
                      <Table.Summary.Cell index={6} align="right">{money(sum('wonFen'))}</Table.Summary.Cell>
                    </Table.Summary.Row>
                  );
                }}
              />
            </Flex>
          )}
        </Card>
      </PageContainer>
    </div>
  );
}
