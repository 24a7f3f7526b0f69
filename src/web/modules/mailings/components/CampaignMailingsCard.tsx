import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Mailing } from '../../../../contracts/mailings.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { useCampaignMailings } from '../mailings.api.ts';
import { formatRate, rateOf } from '../mailingForm.ts';
import { MailingFormDrawer, type MailingFormTarget } from './MailingFormDrawer.tsx';
import { MailingStatusTag } from './mailingBits.tsx';

/** 邮件群发 on a campaign's page: its mailings with their delivery and engagement, and 新建邮件. */
export function CampaignMailingsCard({ campaignId, campaignName, targetSegment }: { campaignId: string; campaignName: string; targetSegment?: { id: string; name: string | null } | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<MailingFormTarget | null>(null);
  const query = useCampaignMailings(campaignId);

  const delivered = (m: Mailing) => m.counts.sent;
  const columns: TableColumnsType<Mailing> = [
    {
      key: 'name',
      title: t('mailings.fields.name'),
      ellipsis: true,
      render: (_v, m) => (
        <Link to={`/mailings/${m.id}`} data-testid="mailing-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {m.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'status', title: t('mailings.fields.status'), width: 120, render: (_v, m) => <MailingStatusTag status={m.status} /> },
    { key: 'recipients', title: t('mailings.counts.recipients'), width: 90, align: 'right', render: (_v, m) => <span data-testid="mailing-row-recipients">{m.counts.recipients}</span> },
    { key: 'sent', title: t('mailings.counts.sent'), width: 90, align: 'right', render: (_v, m) => <span data-testid="mailing-row-sent">{m.counts.sent}</span> },
    {
      key: 'opened',
      title: t('mailings.counts.opened'),
      width: 120,
      align: 'right',
      render: (_v, m) => (
        <span data-testid="mailing-row-opened">
          {m.counts.opened} <Typography.Text type="secondary">({formatRate(rateOf(m.counts.opened, delivered(m)))})</Typography.Text>
        </span>
      ),
    },
    {
      key: 'clicked',
      title: t('mailings.counts.clicked'),
      width: 120,
      align: 'right',
      render: (_v, m) => (
        <span data-testid="mailing-row-clicked">
          {m.counts.clicked} <Typography.Text type="secondary">({formatRate(rateOf(m.counts.clicked, delivered(m)))})</Typography.Text>
        </span>
      ),
    },
    { key: 'updatedAt', title: t('common.updatedAt'), width: 150, render: (_v, m) => <DateTime value={m.startedAt ?? m.updatedAt} /> },
  ];

  return (
    <Card
      title={t('mailings.title')}
      data-testid="campaign-mailings"
      extra={
        can('mailing:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', campaignId, campaignName, segment: targetSegment ?? null })} data-testid="campaign-mailings-create">
            {t('mailings.create')}
          </Button>
        ) : null
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Mailing>
          rowKey="id"
          size="small"
          loading={query.isPending}
          columns={columns}
          dataSource={query.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('mailings.empty') }}
          onRow={(m) => ({ 'data-testid': `mailing-row-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <MailingFormDrawer target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
