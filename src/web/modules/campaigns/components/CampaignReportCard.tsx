import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Col, Flex, Progress, Row, Statistic, Table, Typography } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_GOAL_LABELS, type CampaignReport } from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { EChart } from '../../../ui/EChart.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { useCampaignReport } from '../campaigns.api.ts';
import { progressPercent } from '../campaignForm.ts';
import { formatRatioPercent, reportSteps, type ReportStep } from '../campaignReport.ts';

const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen, 'CNY'));
const RED = '#cf1322';
const GREEN = '#389e0d';
const roiStyle = (roi: number | null) => (roi === null ? undefined : { color: roi < 0 ? RED : GREEN });

/** A key figure's card: the figure (or two side by side) and, under it, what it is made of. */
function FigureCard({ children, note }: { children: ReactNode; note?: ReactNode }) {
  return (
    <Col xs={12} sm={8} lg={6} xxl={4}>
      <Card size="small" style={{ height: '100%' }}>
        {children}
        {note ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        ) : null}
      </Card>
    </Col>
  );
}

type FigureProps = { title: ReactNode; value: string | number; testId: string; valueStyle?: React.CSSProperties | undefined };

function FigureValue({ title, value, testId, valueStyle }: FigureProps) {
  return <Statistic title={title} value={value} valueStyle={{ fontSize: 20, ...valueStyle }} data-testid={testId} />;
}

function Figure({ note, ...figure }: FigureProps & { note?: ReactNode }) {
  return (
    <FigureCard note={note}>
      <FigureValue {...figure} />
    </FigureCard>
  );
}

/** How far the campaign is towards its goal (leads, attendees or first-touch revenue), as a bar. */
function GoalBar({ progress }: { progress: NonNullable<CampaignReport['goalProgress']> }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (progress.target === null) return null;
  const show = (n: number) => (progress.goal === 'revenue' ? formatFen(n, 'CNY') : String(n));
  const percent = progressPercent(progress.reached, progress.target) ?? 0;
  return (
    <div data-testid="campaign-progress" data-reached={progress.reached} data-percent={percent}>
      <Typography.Text>
        {t('campaigns.report.goal', { goal: label(CAMPAIGN_GOAL_LABELS[progress.goal]), reached: show(progress.reached), target: show(progress.target) })}
      </Typography.Text>
      <Progress percent={Math.min(percent, 100)} format={() => `${percent}%`} status={percent >= 100 ? 'success' : 'active'} aria-label={t('campaigns.progress')} />
    </div>
  );
}

/**
 * 活动报告: what the campaign brought, counted within my data scope — members and responses,
 * leads, new customers, opportunities and won revenue (first and last touch) — against what it
 * cost, with the goal's progress and the steps as a chart and, for screen readers, a table.
 */
export function CampaignReportCard({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const report = useCampaignReport(campaignId);
  const m = report.data?.metrics;
  const steps = useMemo(() => (m ? reportSteps(m) : []), [m]);
  const stepLabel = (step: ReportStep) => t(`campaigns.report.steps.${step}`);

  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: 'category', data: steps.map((s) => t(`campaigns.report.steps.${s.step}`)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('campaigns.report.count'), barMaxWidth: 48, label: { show: true, position: 'top' }, data: steps.map((s) => s.value) }],
    }),
    [steps, t],
  );

  return (
    <Card
      title={t('campaigns.report.title')}
      data-testid="campaign-report"
      extra={
        <Link to="/campaigns/compare" data-testid="campaign-report-compare-link">
          <BarChartOutlined /> {t('campaigns.compare.title')}
        </Link>
      }
    >
      {report.isPending ? (
        <LoadingState height={160} />
      ) : report.isError || !m ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{t('campaigns.report.hint')}</Typography.Text>
          <Row gutter={[12, 12]}>
            <Figure title={t('campaigns.report.members')} value={m.members} testId="report-members" />
            <Figure title={t('campaigns.report.responseRate')} value={formatRatioPercent(m.responseRate)} note={t('campaigns.report.responses', { count: m.responses })} testId="report-response-rate" />
            <Figure title={t('campaigns.report.leads')} value={m.leads} note={t('campaigns.report.convertedLeads', { count: m.convertedLeads })} testId="report-leads" />
            <Figure title={t('campaigns.report.aLeads')} value={m.aLeads} testId="report-a-leads" />
            <Figure title={t('campaigns.report.customers')} value={m.customers} testId="report-customers" />
            <Figure title={t('campaigns.report.opportunities')} value={m.opportunities} note={t('campaigns.report.wonDeals', { count: m.wonDeals })} testId="report-opportunities" />
            <Figure title={t('campaigns.report.revenueFirst')} value={money(m.wonRevenueFen)} note={t('campaigns.report.wonDeals', { count: m.wonDeals })} testId="report-revenue-first" />
            <Figure title={t('campaigns.report.revenueLast')} value={money(m.lastTouchRevenueFen)} note={t('campaigns.report.wonDeals', { count: m.lastTouchWonDeals })} testId="report-revenue-last" />
            <Figure
              title={t('campaigns.report.costVsBudget')}
              value={money(m.costFen)}
              valueStyle={m.budgetFen !== null && m.costFen > m.budgetFen ? { color: RED } : undefined}
              note={m.budgetFen === null ? t('campaigns.report.noBudget') : t('campaigns.report.ofBudget', { budget: money(m.budgetFen), percent: formatRatioPercent(m.budgetFen > 0 ? m.costFen / m.budgetFen : null) })}
              testId="report-cost"
            />
            <Figure title={t('campaigns.report.costPerLead')} value={money(m.costPerLeadFen)} testId="report-cost-per-lead" />
            <Figure title={t('campaigns.report.costPerCustomer')} value={money(m.costPerCustomerFen)} testId="report-cost-per-customer" />
            <FigureCard note={m.roiFirstTouch === null ? t('campaigns.report.noCost') : undefined}>
              <Flex gap={24} wrap>
                <FigureValue title={t('campaigns.report.roiFirst')} value={formatRatioPercent(m.roiFirstTouch)} valueStyle={roiStyle(m.roiFirstTouch)} testId="report-roi-first" />
                <FigureValue title={t('campaigns.report.roiLast')} value={formatRatioPercent(m.roiLastTouch)} valueStyle={roiStyle(m.roiLastTouch)} testId="report-roi-last" />
              </Flex>
            </FigureCard>
          </Row>
          {report.data.goalProgress ? <GoalBar progress={report.data.goalProgress} /> : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <div role="img" aria-label={t('campaigns.report.chartLabel')}>
                <EChart option={option} height={260} data-testid="report-chart" />
              </div>
            </Col>
            <Col xs={24} lg={10}>
              <Table<{ step: ReportStep; value: number }>
                rowKey="step"
                size="small"
                pagination={false}
                dataSource={steps}
                data-testid="report-steps"
                onRow={(s) => ({ 'data-testid': `report-step-${s.step}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { key: 'step', title: t('campaigns.report.step'), render: (_v, s) => stepLabel(s.step) },
                  { key: 'value', title: t('campaigns.report.count'), align: 'right', render: (_v, s) => <span data-testid="report-step-value">{s.value}</span> },
                ]}
              />
            </Col>
          </Row>
        </Flex>
      )}
    </Card>
  );
}
