import { useState } from 'react';
import { Link } from 'react-router';
import { Card, Flex, Select, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { RECIPIENT_STATUS_LABELS, RECIPIENT_STATUSES, type Mailing, type Recipient, type RecipientStatus, type VariantKey } from '../../../../contracts/mailings.ts';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { isLive, useRecipients } from '../mailings.api.ts';
import { RecipientStatusTag } from './mailingBits.tsx';

type Engaged = 'opened' | 'clicked' | 'unsubscribed';
const ENGAGED: Engaged[] = ['opened', 'clicked', 'unsubscribed'];

/** 收件人: each address with its delivery status (and the SMTP server's answer), variant, opens, clicks and unsubscription. */
export function MailingRecipientsCard({ mailing }: { mailing: Mailing }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [status, setStatus] = useState<RecipientStatus | undefined>(undefined);
  const [variant, setVariant] = useState<VariantKey | undefined>(undefined);
  const [engaged, setEngaged] = useState<Engaged | undefined>(undefined);
  const [q, setQ] = useState('');
  const [pageSize, setPageSize] = useState(20);
  const filter = { status, variant, engaged, q: q || undefined };
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query = { ...filter, limit: pageSize, cursor: pages.cursor };
  const list = useRecipients(mailing.id, query, isLive(mailing.status));
  const filtered = !!(status || variant || engaged || q);
  const tested = mailing.subjects.length > 1;

  const columns: TableColumnsType<Recipient> = [
    {
      key: 'email',
      title: t('mailings.recipients.email'),
      width: 220,
      render: (_v, r) => <span data-testid="recipient-email">{r.email}</span>,
    },
    {
      key: 'name',
      title: t('mailings.recipients.name'),
      width: 180,
      render: (_v, r) => {
        const to = r.leadId ? `/leads/${r.leadId}` : null;
        const name = (
          <>
            {r.name ?? '—'}
            {r.companyName ? <Typography.Text type="secondary"> · {r.companyName}</Typography.Text> : null}
          </>
        );
        return to ? <Link to={to}>{name}</Link> : name;
      },
    },
    ...(tested ? [{ key: 'variant', title: t('mailings.recipients.variant'), width: 70, render: (_v: unknown, r: Recipient) => r.variant ?? '—' }] : []),
    {
      key: 'status',
      title: t('mailings.recipients.status'),
      width: 160,
      render: (_v, r) => (
        <Flex vertical gap={2}>
          <RecipientStatusTag status={r.status} />
          {r.skipReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`mailings.skipReason.${r.skipReason}`)}
            </Typography.Text>
          ) : null}
          {r.error ? (
            <Tooltip title={r.error}>
              <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 220 }} ellipsis data-testid="recipient-error">
                {r.error}
              </Typography.Text>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { key: 'sentAt', title: t('mailings.recipients.sentAt'), width: 150, render: (_v, r) => <DateTime value={r.sentAt} empty="—" /> },
    {
      key: 'opens',
      title: t('mailings.recipients.opens'),
      width: 90,
      align: 'right',
      render: (_v, r) => (r.firstOpenedAt ? <Tooltip title={<DateTime value={r.firstOpenedAt} />}>{r.opens}</Tooltip> : r.opens),
    },
    {
      key: 'clicks',
      title: t('mailings.recipients.clicks'),
      width: 90,
      align: 'right',
      render: (_v, r) => (r.firstClickedAt ? <Tooltip title={<DateTime value={r.firstClickedAt} />}>{r.clicks}</Tooltip> : r.clicks),
    },
    {
      key: 'unsubscribedAt',
      title: t('mailings.recipients.unsubscribedAt'),
      width: 150,
      render: (_v, r) => (r.unsubscribedAt ? <span data-testid="recipient-unsubscribed"><DateTime value={r.unsubscribedAt} /></span> : <span className="kehu-muted">—</span>),
    },
  ];

  return (
    <Card title={t('mailings.recipients.title')} data-testid="mailing-recipients">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <SearchInput value={q} onCommit={setQ} placeholder={t('mailings.recipients.search')} style={{ width: 220 }} data-testid="mailing-recipients-search" />
          <Select<RecipientStatus>
            value={status}
            onChange={setStatus}
            allowClear
            placeholder={t('mailings.recipients.status')}
            style={{ width: 150 }}
            options={RECIPIENT_STATUSES.map((s) => ({ value: s, label: label(RECIPIENT_STATUS_LABELS[s]) }))}
            data-testid="mailing-recipients-filter-status"
          />
          {tested ? (
            <Select<VariantKey>
              value={variant}
              onChange={setVariant}
              allowClear
              placeholder={t('mailings.recipients.variant')}
              style={{ width: 110 }}
              options={mailing.subjects.map((s) => ({ value: s.key, label: t('mailings.report.variant', { key: s.key }) }))}
              data-testid="mailing-recipients-filter-variant"
            />
          ) : null}
          <Select<Engaged>
            value={engaged}
            onChange={setEngaged}
            allowClear
            placeholder={t('mailings.recipients.engaged')}
            style={{ width: 130 }}
            options={ENGAGED.map((e) => ({ value: e, label: t(`mailings.recipients.engagedOptions.${e}`) }))}
            data-testid="mailing-recipients-filter-engaged"
          />
        </Flex>
        <PagedTable<Recipient>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={setPageSize}
          columns={columns}
          rowKey="id"
          size="small"
          scroll={{ x: 1100 }}
          data-testid="mailing-recipients-table"
          rowTestId={(r) => `recipient-row-${r.email}`}
          empty={<EmptyState description={filtered ? t('mailings.recipients.emptyFiltered') : t('mailings.recipients.empty')} />}
        />
      </Flex>
    </Card>
  );
}
