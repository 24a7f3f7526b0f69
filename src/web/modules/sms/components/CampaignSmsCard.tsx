import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SmsSend } from '../../../../contracts/sms.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { formatRate, rateOf } from '../../mailings/mailingForm.ts';
import { useCampaignSmsSends } from '../sms.api.ts';
import { SmsFormDrawer, type SmsFormTarget } from './SmsFormDrawer.tsx';
import { SmsStatusTag } from './smsBits.tsx';

/** 短信群发 on a campaign's page: its SMS sends with delivery, clicks and opt-outs, and 新建短信. */
export function CampaignSmsCard({ campaignId, campaignName, targetSegment }: { campaignId: string; campaignName: string; targetSegment?: { id: string; name: string | null } | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<SmsFormTarget | null>(null);
  const query = useCampaignSmsSends(campaignId);

  const withRate = (part: number, s: SmsSend) => (
    <>
      {part} <Typography.Text type="secondary">({formatRate(rateOf(part, s.counts.sent))})</Typography.Text>
    </>
  );
  const columns: TableColumnsType<SmsSend> = [
    {
      key: 'name',
      title: t('sms.fields.name'),
      ellipsis: true,
      render: (_v, s) => (
        <Link to={`/sms-sends/${s.id}`} data-testid="sms-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {s.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'status', title: t('sms.fields.status'), width: 110, render: (_v, s) => <SmsStatusTag status={s.status} /> },
    { key: 'recipients', title: t('sms.counts.recipients'), width: 80, align: 'right', render: (_v, s) => <span data-testid="sms-row-recipients">{s.counts.recipients}</span> },
    { key: 'sent', title: t('sms.counts.sent'), width: 80, align: 'right', render: (_v, s) => <span data-testid="sms-row-sent">{s.counts.sent}</span> },
    { key: 'delivered', title: t('sms.counts.delivered'), width: 110, align: 'right', render: (_v, s) => <span data-testid="sms-row-delivered">{withRate(s.counts.delivered, s)}</span> },
    { key: 'clicked', title: t('sms.counts.clicked'), width: 110, align: 'right', render: (_v, s) => <span data-testid="sms-row-clicked">{withRate(s.counts.clicked, s)}</span> },
    { key: 'optedOut', title: t('sms.counts.optedOut'), width: 80, align: 'right', render: (_v, s) => <span data-testid="sms-row-optedOut">{s.counts.optedOut}</span> },
    { key: 'updatedAt', title: t('common.updatedAt'), width: 150, render: (_v, s) => <DateTime value={s.startedAt ?? s.updatedAt} /> },
  ];

  return (
    <Card
      title={t('sms.title')}
      data-testid="campaign-sms"
      extra={
        can('mailing:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', campaignId, campaignName, segment: targetSegment ?? null })} data-testid="campaign-sms-create">
            {t('sms.create')}
          </Button>
        ) : null
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<SmsSend>
          rowKey="id"
          size="small"
          loading={query.isPending}
          columns={columns}
          dataSource={query.data?.items ?? []}
          pagination={false}
          scroll={{ x: 860 }}
          locale={{ emptyText: t('sms.empty') }}
          onRow={(s) => ({ 'data-testid': `sms-row-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <SmsFormDrawer target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
