import { useMemo } from 'react';
import { Link } from 'react-router';
import { Card, Col, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RepFollowUpsDue, TeamHome } from '../../../../contracts/home.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { EChart } from '../../../ui/EChart.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { getTeamHome, teamHomeKey } from '../home.api.ts';

/** Whether the caller has a team to look at: a data scope beyond their own records, and a kind to read. */
export function useHasTeam(): boolean {
  const me = useCurrentUser();
  const can = useCan();
  return me.role.dataScope !== 'own' && (can('lead:read') || can('customer:read') || can('opportunity:read'));
}

/** 团队概况 on a manager's home page: their team's figures, within their data scope. */
export function TeamOverview() {
  const { t } = useTranslation();
  const hasTeam = useHasTeam();
  const team = useQuery({ queryKey: teamHomeKey, queryFn: ({ signal }) => getTeamHome(signal), enabled: hasTeam, refetchInterval: 60_000 });
  if (!hasTeam) return null;

  return (
    <section style={{ marginBottom: 24 }} data-testid="home-team">
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('home.team.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('home.team.hint')}
      </Typography.Paragraph>
      {team.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 3 }} />
        </Card>
      ) : team.isError ? (
        <Card>
          <ErrorState error={team.error} onRetry={() => void team.refetch()} />
        </Card>
      ) : (
        <TeamFigures data={team.data} />
      )}
    </section>
  );
}

function TeamFigures({ data }: { data: TeamHome }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      {data.leadsPastSla ? (
        <Col xs={24} sm={12} xl={6}>
          <Link to="/leads?queue=true&grade=A&sort=assignBy" data-testid="home-team-leads-past-sla" style={{ display: 'block', height: '100%' }}>
            <Card hoverable size="small" style={{ height: '100%' }}>
              <Statistic
                title={t('home.team.leadsPastSla')}
                value={data.leadsPastSla.count}
                styles={{ content: data.leadsPastSla.count > 0 ? { color: '#cf1322' } : undefined }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('home.team.leadsPastSlaHint')}
              </Typography.Text>
            </Card>
          </Link>
        </Col>
      ) : null}
      {data.wonThisMonth ? (
        <Col xs={24} sm={12} xl={6}>
          <Card size="small" style={{ height: '100%' }} data-testid="home-team-won-month">
            <Statistic title={t('home.team.wonThisMonth', { month: data.wonThisMonth.month })} value={formatFen(data.wonThisMonth.amountFen, 'CNY')} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="home-team-won-count">
              {t('home.team.wonCount', { count: data.wonThisMonth.count })}
            </Typography.Text>
          </Card>
        </Col>
      ) : null}
      {data.followUpsDue ? (
        <Col xs={24} xl={12}>
          <FollowUpsDueCard rows={data.followUpsDue} />
        </Col>
      ) : null}
      {data.pipeline ? (
        <Col xs={24}>
          <PipelineCard stages={data.pipeline} />
        </Col>
      ) : null}
    </Row>
  );
}

function FollowUpsDueCard({ rows }: { rows: RepFollowUpsDue[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('home.team.followUpsDue')} style={{ height: '100%' }} data-testid="home-team-follow-ups-due">
      <Table<RepFollowUpsDue>
        rowKey="ownerId"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ y: 240 }}
        locale={{ emptyText: <EmptyState description={t('home.team.noFollowUpsDue')} /> }}
        onRow={(r) => ({ 'data-testid': `home-team-due-${r.ownerId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'owner', dataIndex: 'ownerName', title: t('home.team.rep') },
          { key: 'customers', dataIndex: 'customersDue', title: t('home.team.customersDue'), align: 'right', width: 110 },
          { key: 'leads', dataIndex: 'leadsDue', title: t('home.team.leadsDue'), align: 'right', width: 110 },
        ]}
      />
    </Card>
  );
}

function PipelineCard({ stages }: { stages: NonNullable<TeamHome['pipeline']> }) {
  const { t, i18n } = useTranslation();
  const name = (s: (typeof stages)[number]) => (i18n.language.startsWith('zh') ? s.nameZh : s.nameEn);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: stages.map(name) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFen(Math.round(v * 100), 'CNY') } },
      series: [
        {
          type: 'bar',
          name: t('home.team.amount'),
          barMaxWidth: 48,
          data: stages.map((s) => s.amountFen / 100),
          label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => t('home.team.opportunityCount', { count: stages[p.dataIndex]?.count ?? 0 }) },
        },
      ],
    }),
    // `name` reads the language, which `t` changes with.
    [stages, t],
  );
  return (
    <Card size="small" title={t('home.team.pipeline')} data-testid="home-team-pipeline">
      <EChart option={option} height={260} data-testid="home-team-pipeline-chart" />
      <Row gutter={[8, 8]} style={{ marginTop: 8 }}>
        {stages.map((s) => (
          <Col key={s.stageId} xs={12} sm={8} lg={4}>
            <div data-testid={`home-team-stage-${s.key}`}>
              <Typography.Text type="secondary">{name(s)}</Typography.Text>
              <div>
                <Typography.Text strong data-testid="stage-amount">{formatFen(s.amountFen, 'CNY')}</Typography.Text>{' '}
                <Typography.Text type="secondary" data-testid="stage-count">
                  {t('home.team.opportunityCount', { count: s.count })}
                </Typography.Text>
              </div>
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
