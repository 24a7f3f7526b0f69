import { useState } from 'react';
import { Button, Card, Select, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MAIL_STATUSES, type MailStatus, type OutboxMail } from '../../../../contracts/mail.ts';
import { PAGE_SIZES } from '../../../ui/CursorPager.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { MailStatusTag } from '../components/MailStatusTag.tsx';
import { OutboxMailDrawer } from '../components/OutboxMailDrawer.tsx';
import { listOutbox, mailKeys, type OutboxQuery } from '../mail.api.ts';

const FILTER_KEYS = ['status', 'size'] as const;
const DEFAULT_SIZE = 50;

function asStatus(value: string | undefined): MailStatus | undefined {
  return (MAIL_STATUSES as readonly string[]).includes(value ?? '') ? (value as MailStatus) : undefined;
}

function asSize(value: string | undefined): number {
  const n = Number(value);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_SIZE;
}

/** 发件箱: every mail Kehu wrote, newest first, with its state; a row opens the mail's text. */
export function OutboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.outbox'));
  const { values, setFilters, clearFilters } = useUrlFilters(FILTER_KEYS);
  const [openId, setOpenId] = useState<string | null>(null);

  const status = asStatus(values.status);
  const pageSize = asSize(values.size);
  const pages = useCursorPages(JSON.stringify({ status, pageSize }));
  const query: OutboxQuery = { status, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: mailKeys.list(query),
    queryFn: ({ signal }) => listOutbox(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<OutboxMail> = [
    { key: 'createdAt', title: t('outbox.columns.createdAt'), width: 170, render: (_v, m) => <DateTime value={m.createdAt} /> },
    { key: 'to', title: t('outbox.columns.to'), width: 220, ellipsis: true, render: (_v, m) => m.to },
    {
      key: 'subject',
      title: t('outbox.columns.subject'),
      ellipsis: true,
      render: (_v, m) => (
        <Typography.Link
          onClick={(ev) => {
            ev.stopPropagation();
            setOpenId(m.id);
          }}
          data-testid="outbox-open"
        >
          {m.subject}
        </Typography.Link>
      ),
    },
    { key: 'status', title: t('outbox.columns.status'), width: 110, render: (_v, m) => <MailStatusTag status={m.status} /> },
    { key: 'sentAt', title: t('outbox.columns.sentAt'), width: 170, render: (_v, m) => <DateTime value={m.sentAt} /> },
    {
      key: 'error',
      title: t('outbox.columns.error'),
      width: 240,
      ellipsis: { showTitle: false },
      render: (_v, m) =>
        m.lastError ? (
          <Tooltip title={`${m.lastError} · ${t('outbox.attempts', { n: m.attempts })}`}>
            <Typography.Text type="danger">{m.lastError}</Typography.Text>
          </Tooltip>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
  ];

  return (
    <PageContainer title={t('nav.outbox')} description={t('outbox.pageHint')}>
      <Card>
        <FilterBar
          extra={
            status ? (
              <Button onClick={clearFilters} data-testid="outbox-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <Select<MailStatus>
            value={status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('outbox.filterStatus')}
            allowClear
            style={{ width: 160 }}
            options={MAIL_STATUSES.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))}
            data-testid="outbox-filter-status"
          />
        </FilterBar>
        <PagedTable<OutboxMail>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          columns={columns}
          size="middle"
          scroll={{ x: 1100 }}
          data-testid="outbox-table"
          rowTestId={(m) => `outbox-row-${m.id}`}
          empty={
            status ? (
              <EmptyState description={t('outbox.emptyFiltered')} action={<Button onClick={clearFilters}>{t('common.clearFilters')}</Button>} />
            ) : (
              <EmptyState description={t('outbox.empty')} />
            )
          }
        />
      </Card>
      <OutboxMailDrawer id={openId} onClose={() => setOpenId(null)} />
    </PageContainer>
  );
}
