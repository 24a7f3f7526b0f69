import { Alert, Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Mailing, MailingCounts, MailingReport } from '../../../../contracts/mailings.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { isLive, useMailingReport } from '../mailings.api.ts';
import { formatRate } from '../mailingForm.ts';

const COUNT_KEYS: (keyof MailingCounts)[] = ['recipients', 'sent', 'failed', 'bounced', 'unknown', 'skipped', 'opened', 'clicked', 'unsubscribed'];

type Variant = MailingReport['variants'][number];
type LinkRow = MailingReport['links'][number];

/**
 * 发送报告: the counts of the recipients, open and click rates (probable bots left out), the
 * subject test per variant with its winner (or when it is decided), and the clicks per link.
 */
export function MailingReportCard({ mailing }: { mailing: Mailing }) {
  const { t } = useTranslation();
  const report = useMailingReport(mailing.id, isLive(mailing.status));
  const r = report.data;

  return (
    <Card title={t('mailings.report.title')} data-testid="mailing-report">
      {report.isPending ? (
        <LoadingState height={160} />
      ) : report.isError || !r ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {COUNT_KEYS.map((key) => (
              <Col key={key} xs={8} sm={6} lg={4} xxl={3}>
                <Statistic title={t(`mailings.counts.${key}`)} value={r.counts[key]} valueStyle={{ fontSize: 20 }} data-testid={`mailing-count-${key}`} data-value={r.counts[key]} />
              </Col>
            ))}
            {r.counts.held > 0 ? (
              <Col xs={8} sm={6} lg={4} xxl={3}>
                <Statistic title={t('mailings.counts.held')} value={r.counts.held} valueStyle={{ fontSize: 20 }} data-testid="mailing-count-held" data-value={r.counts.held} />
              </Col>
            ) : null}
            <Col xs={8} sm={6} lg={4} xxl={3}>
              <Statistic title={t('mailings.report.openRate')} value={formatRate(r.openRate)} valueStyle={{ fontSize: 20 }} data-testid="mailing-open-rate" />
            </Col>
            <Col xs={8} sm={6} lg={4} xxl={3}>
              <Statistic title={t('mailings.report.clickRate')} value={formatRate(r.clickRate)} valueStyle={{ fontSize: 20 }} data-testid="mailing-click-rate" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" data-testid="mailing-bot-note">
            {r.botEvents > 0 ? t('mailings.report.botEvents', { count: r.botEvents }) : t('mailings.report.ratesHint')}
          </Typography.Paragraph>
          {mailing.noAddress > 0 ? <Typography.Paragraph type="secondary">{t('mailings.report.noAddress', { count: mailing.noAddress })}</Typography.Paragraph> : null}

          {r.variants.length > 1 ? (
            <>
              <Typography.Title level={5}>{t('mailings.report.subjectTest')}</Typography.Title>
              {mailing.status === 'testing' && mailing.decideAt ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="mailing-decide-at"
                  message={
                    <>
                      {t('mailings.report.decideAt', { metric: t(`mailings.metric.${mailing.abTest?.metric ?? 'open'}`) })} <DateTime value={mailing.decideAt} />
                    </>
                  }
                />
              ) : null}
              <Table<Variant>
                rowKey="key"
                size="small"
                pagination={false}
                dataSource={r.variants}
                style={{ marginBottom: 16 }}
                data-testid="mailing-variants"
                onRow={(v) => ({ 'data-testid': `variant-row-${v.key}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  {
                    key: 'key',
                    title: t('mailings.report.variantCol'),
                    width: 110,
                    render: (_v, v) => (
                      <>
                        {v.key}{' '}
                        {v.winner ? (
                          <Tag color="gold" icon={<TrophyOutlined />} data-testid="variant-winner">
                            {t('mailings.report.winner')}
                          </Tag>
                        ) : null}
                      </>
                    ),
                  },
                  { key: 'subject', title: t('mailings.report.subject'), ellipsis: true, render: (_v, v) => v.subject },
                  { key: 'sent', title: t('mailings.counts.sent'), width: 80, align: 'right', render: (_v, v) => <span data-testid="variant-sent">{v.sent}</span> },
                  { key: 'opened', title: t('mailings.counts.opened'), width: 80, align: 'right', render: (_v, v) => v.opened },
                  { key: 'openRate', title: t('mailings.report.openRate'), width: 90, align: 'right', render: (_v, v) => formatRate(v.openRate) },
                  { key: 'clicked', title: t('mailings.counts.clicked'), width: 80, align: 'right', render: (_v, v) => v.clicked },
                  { key: 'clickRate', title: t('mailings.report.clickRate'), width: 90, align: 'right', render: (_v, v) => formatRate(v.clickRate) },
                ]}
              />
            </>
          ) : null}

          <Typography.Title level={5}>{t('mailings.report.links')}</Typography.Title>
          <Table<LinkRow>
            rowKey="index"
            size="small"
            pagination={false}
            dataSource={r.links}
            data-testid="mailing-links"
            locale={{ emptyText: mailing.tracking ? t('mailings.report.noLinks') : t('mailings.report.notTracked') }}
            columns={[
              {
                key: 'url',
                title: t('mailings.report.url'),
                ellipsis: true,
                render: (_v, l) => (
                  <Typography.Link href={l.url} target="_blank" rel="noopener noreferrer">
                    {l.url}
                  </Typography.Link>
                ),
              },
              { key: 'clicks', title: t('mailings.report.clicks'), width: 90, align: 'right', render: (_v, l) => l.clicks },
              { key: 'recipients', title: t('mailings.report.clickers'), width: 110, align: 'right', render: (_v, l) => l.recipients },
            ]}
          />
        </>
      )}
    </Card>
  );
}
