import { useMemo } from 'react';
import { Link } from 'react-router';
import { Breadcrumb, Card, Col, DatePicker, Flex, Row, Select, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Funnel } from '../../../../contracts/opportunities.ts';
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
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { useStages } from '../hooks.ts';
import { getFunnel, opportunitiesKeys, type FunnelQuery } from '../opportunities.api.ts';

const URL_KEYS = ['from', 'to', 'ownerId', 'departmentId', 'currency'] as const;
const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
type FunnelStage = Funnel['stages'][number];

/** 销售漏斗: of the opportunities created in a period, how many reached each stage, and the conversion. */
export function FunnelPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('opportunities.funnel.title'));
  const can = useCan();
  const me = useCurrentUser();
  const stages = useStages();
  const manager = me.role.dataScope !== 'own';
  const { values, setFilters } = useUrlFilters(URL_KEYS);
  const currency = oneOf(CURRENCIES, values.currency) ?? 'CNY';
  const query: FunnelQuery = { from: isDate(values.from), to: isDate(values.to), ownerId: manager ? values.ownerId : undefined, departmentId: manager ? values.departmentId : undefined, currency };
  const funnel = useQuery({ queryKey: opportunitiesKeys.funnel(query), queryFn: ({ signal }) => getFunnel(query, signal) });

  const option = useMemo(() => {
    const list = funnel.data?.stages ?? [];
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${p.value}` },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '8%',
          gap: 2,
          label: { show: true, position: 'inside', formatter: (p: { name: string; value: number; dataIndex: number }) => { const pct = list[p.dataIndex]?.conversionPercent; return pct === null || pct === undefined ? `${p.name} ${p.value}` : `${p.name} ${p.value} (${pct}%)`; } },
          data: list.map((s) => ({ name: stages.nameOf(s.stage), value: s.reached })),
        },
      ],
    };
  }, [funnel.data, stages]);

  const data = funnel.data;
  const empty = !!data && data.stages.every((s) => s.reached === 0) && data.lost === 0;
  return (
    <div className="kehu-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/opportunities">{t('opportunities.title')}</Link> }, { title: t('opportunities.funnel.title') }]} />
      <PageContainer title={t('opportunities.funnel.title')} description={t('opportunities.funnel.hint')}>
        <Card>
          <FilterBar>
            <DatePicker.RangePicker
              value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
              onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })}
              placeholder={[t('opportunities.funnel.createdFrom'), t('opportunities.funnel.createdTo')]}
              data-testid="funnel-range"
            />
            {manager && can('user:read') ? (
              <UserSelect value={values.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('opportunities.filterOwner')} style={{ width: 170 }} data-testid="funnel-owner" />
            ) : null}
            {manager && can('department:read') ? (
              <DepartmentTreeSelect value={values.departmentId ?? null} onChange={(v) => setFilters({ departmentId: v })} placeholder={t('opportunities.filterDepartment')} style={{ width: 180 }} data-testid="funnel-department" />
            ) : null}
            <Select value={currency} onChange={(v) => setFilters({ currency: v === 'CNY' ? null : v })} options={CURRENCIES.map((c) => ({ value: c, label: t(`opportunities.currencies.${c}`) }))} style={{ width: 140 }} data-testid="funnel-currency" />
          </FilterBar>
          {funnel.isPending ? (
            <LoadingState />
          ) : funnel.isError ? (
            <ErrorState error={funnel.error} onRetry={() => void funnel.refetch()} />
          ) : empty || !data ? (
            <EmptyState description={t('opportunities.funnel.empty')} />
          ) : (
            <Flex vertical gap={16}>
              <Row gutter={16}>
                <Col xs={12} md={6}>
                  <Statistic title={t('opportunities.funnel.created')} value={data.stages[0]?.reached ?? 0} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('opportunities.funnel.won')} value={data.stages[data.stages.length - 1]?.reached ?? 0} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('opportunities.funnel.lost')} value={data.lost} data-testid="funnel-lost" />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('opportunities.funnel.cycle')} value={data.averageCycleDays ?? '—'} suffix={data.averageCycleDays === null ? undefined : t('opportunities.funnel.days')} />
                </Col>
              </Row>
              <EChart option={option} height={360} data-testid="funnel-chart" />
              <Table<FunnelStage>
                rowKey={(s) => s.stage.id}
                size="small"
                pagination={false}
                dataSource={data.stages}
                data-testid="funnel-table"
                columns={[
                  { key: 'stage', title: t('opportunities.fields.stage'), render: (_v, s) => stages.nameOf(s.stage) },
                  { key: 'reached', title: t('opportunities.funnel.reached'), dataIndex: 'reached', align: 'right' },
                  { key: 'conversion', title: t('opportunities.funnel.conversion'), align: 'right', render: (_v, s) => (s.conversionPercent === null ? '—' : `${s.conversionPercent}%`) },
                  { key: 'current', title: t('opportunities.funnel.current'), dataIndex: 'current', align: 'right' },
                  { key: 'amount', title: t('opportunities.funnel.amountNow'), align: 'right', render: (_v, s) => formatFen(s.amountFen, currency) },
                ]}
              />
            </Flex>
          )}
        </Card>
      </PageContainer>
    </div>
  );
}
