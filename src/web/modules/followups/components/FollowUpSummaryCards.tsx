import { Link } from 'react-router';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { followUpSummaryKey, getFollowUpSummary } from '../followups.api.ts';

type Counter = { key: 'overdue' | 'today' | 'upcoming' | 'customersDue' | 'leadsDue'; value: number; to: string; danger?: boolean };

/** 我的跟进 on the home page: my tasks by bucket and my customers and leads past their cadence. */
export function FollowUpSummaryCards() {
  const { t } = useTranslation();
  const can = useCan();
  const enabled = can('task:read') || can('customer:read') || can('lead:read');
  const summary = useQuery({ queryKey: followUpSummaryKey, queryFn: ({ signal }) => getFollowUpSummary(signal), enabled, refetchInterval: 60_000 });
  if (!enabled) return null;

  const s = summary.data;
  const counters: Counter[] = s
    ? [
        ...(can('task:read')
          ? [
              { key: 'overdue' as const, value: s.tasks.overdue, to: '/tasks?tab=overdue', danger: s.tasks.overdue > 0 },
              { key: 'today' as const, value: s.tasks.today, to: '/tasks' },
              { key: 'upcoming' as const, value: s.tasks.upcoming, to: '/tasks?tab=upcoming' },
            ]
          : []),
        ...(can('customer:read') ? [{ key: 'customersDue' as const, value: s.customersDue, to: '/customers?needsFollowUp=true' }] : []),
        ...(can('lead:read') ? [{ key: 'leadsDue' as const, value: s.leadsDue, to: '/leads?needsFollowUp=true' }] : []),
      ]
    : [];

  return (
    <section style={{ marginBottom: 24 }} data-testid="home-follow-up-summary">
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('followUps.summary.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('followUps.summary.hint')}
      </Typography.Paragraph>
      {summary.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 1 }} />
        </Card>
      ) : summary.isError ? (
        <Card>
          <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {counters.map((c) => (
            <Col key={c.key} xs={12} sm={8} xl={4}>
              <Link to={c.to} data-testid={`home-summary-${c.key}`} style={{ display: 'block' }}>
                <Card hoverable size="small">
                  <Statistic title={t(`followUps.summary.${c.key}`)} value={c.value} styles={{ content: c.danger ? { color: '#cf1322' } : undefined }} />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </section>
  );
}
