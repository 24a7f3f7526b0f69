import { useMemo, useState } from 'react';
import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditAction, AuditEntry } from '../../../../contracts/audit.ts';
import { CursorPager } from '../../../ui/CursorPager.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { useCursorPages, useListTotal } from '../../../ui/cursorPages.ts';
import { auditKeys, listAudit, type AuditQuery } from '../../audit/audit.api.ts';
import { ChangesDiff } from '../../audit/components/ChangesDiff.tsx';

const ACTION_COLORS: Partial<Record<AuditAction, string>> = { create: 'green', update: 'blue', delete: 'red' };

/** The audit entries of one customer, newest first, each expandable to its field-level diff. */
export function HistoryTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(`${customerId}-${pageSize}`);
  const query: AuditQuery = { entityType: 'customer', entityId: customerId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ signal }) => listAudit(query, signal),
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const total = useListTotal(list.data);

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.columns.at'), width: 180, render: (_v, e) => <DateTime value={e.at} withSeconds /> },
    {
      key: 'actor',
      title: t('audit.columns.actor'),
      width: 160,
      render: (_v, e) => e.actorName ?? <span className="kehu-muted">{t('audit.system')}</span>,
    },
    {
      key: 'action',
      title: t('audit.columns.action'),
      width: 120,
      render: (_v, e) => (
        <Tag color={ACTION_COLORS[e.action] ?? 'default'} data-testid="customer-history-action">
          {t(`audit.actions.${e.action}`)}
        </Tag>
      ),
    },
    {
      key: 'fields',
      title: t('customers.history.fields'),
      render: (_v, e) =>
        e.changes ? (
          <span className="kehu-muted">{t('customers.history.changedCount', { count: Object.keys(e.changes).length })}</span>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
  ];

  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        pagination={false}
        data-testid="customer-history"
        expandable={{
          rowExpandable: (e) => !!e.changes && Object.keys(e.changes).length > 0,
          expandedRowRender: (e) => (e.changes ? <ChangesDiff changes={e.changes} /> : null),
          expandRowByClick: true,
        }}
        locale={{
          emptyText: list.isPending ? <div style={{ height: 120 }} /> : <EmptyState description={t('customers.history.empty')} />,
        }}
      />
      <CursorPager
        page={pages.page}
        pageSize={pageSize}
        shown={items.length}
        hasPrev={pages.hasPrev}
        hasNext={!!list.data?.nextCursor}
        loading={list.isFetching}
        onPrev={pages.prev}
        onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)}
        onPageSizeChange={setPageSize}
        total={total}
      />
    </>
  );
}
