import { useState } from 'react';
import { Link } from 'react-router';
import { Card, Flex, Select, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { SMS_RECIPIENT_STATUS_LABELS, SMS_RECIPIENT_STATUSES, type SmsRecipient, type SmsRecipientStatus, type SmsSend } from '../../../../contracts/sms.ts';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { isSmsLive, useSmsRecipients } from '../sms.api.ts';
import { SmsRecipientStatusTag } from './smsBits.tsx';

/** 收件人: each mobile number with its status (the provider's receipt or error), clicks on its short link and opt-out. */
export function SmsRecipientsCard({ send }: { send: SmsSend }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [status, setStatus] = useState<SmsRecipientStatus | undefined>(undefined);
  const [q, setQ] = useState('');
  const [pageSize, setPageSize] = useState(20);
  const filter = { status, q: q || undefined };
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const list = useSmsRecipients(send.id, { ...filter, limit: pageSize, cursor: pages.cursor }, isSmsLive(send.status));
  const filtered = !!(status || q);

  const columns: TableColumnsType<SmsRecipient> = [
    { key: 'phone', title: t('sms.recipients.phone'), width: 150, render: (_v, r) => <span data-testid="sms-recipient-phone">{r.phone}</span> },
    {
      key: 'name',
      title: t('sms.recipients.name'),
      width: 200,
      render: (_v, r) => {
        const name = (
          <>
            {r.name ?? '—'}
            {r.companyName ? <Typography.Text type="secondary"> · {r.companyName}</Typography.Text> : null}
          </>
        );
        return r.leadId ? <Link to={`/leads/${r.leadId}`}>{name}</Link> : name;
      },
    },
    {
      key: 'status',
      title: t('sms.recipients.status'),
      width: 170,
      render: (_v, r) => (
        <Flex vertical gap={2}>
          <SmsRecipientStatusTag status={r.status} />
          {r.error ? (
            <Tooltip title={r.error}>
              <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 220 }} ellipsis data-testid="sms-recipient-error">
                {r.error}
              </Typography.Text>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { key: 'sentAt', title: t('sms.recipients.sentAt'), width: 150, render: (_v, r) => <DateTime value={r.sentAt} empty="—" /> },
    { key: 'deliveredAt', title: t('sms.recipients.deliveredAt'), width: 150, render: (_v, r) => <DateTime value={r.deliveredAt} empty="—" /> },
    {
      key: 'clicks',
      title: t('sms.recipients.clicks'),
      width: 80,
      align: 'right',
      render: (_v, r) => (r.firstClickedAt ? <Tooltip title={<DateTime value={r.firstClickedAt} />}>{r.clicks}</Tooltip> : r.clicks),
    },
    {
      key: 'optedOutAt',
      title: t('sms.recipients.optedOutAt'),
      width: 150,
      render: (_v, r) => (r.optedOutAt ? <span data-testid="sms-recipient-opted-out"><DateTime value={r.optedOutAt} /></span> : <span className="kehu-muted">—</span>),
    },
  ];

  return (
    <Card title={t('sms.recipients.title')} data-testid="sms-recipients">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <SearchInput value={q} onCommit={setQ} placeholder={t('sms.recipients.search')} style={{ width: 220 }} data-testid="sms-recipients-search" />
          <Select<SmsRecipientStatus>
            value={status}
            onChange={setStatus}
            allowClear
            placeholder={t('sms.recipients.status')}
            style={{ width: 150 }}
            options={SMS_RECIPIENT_STATUSES.map((s) => ({ value: s, label: label(SMS_RECIPIENT_STATUS_LABELS[s]) }))}
            data-testid="sms-recipients-filter-status"
          />
        </Flex>
        <PagedTable<SmsRecipient>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={setPageSize}
          columns={columns}
          rowKey="id"
          size="small"
          scroll={{ x: 1050 }}
          data-testid="sms-recipients-table"
          rowTestId={(r) => `sms-recipient-row-${r.phone}`}
          empty={<EmptyState description={filtered ? t('sms.recipients.emptyFiltered') : t('sms.recipients.empty')} />}
        />
      </Flex>
    </Card>
  );
}
