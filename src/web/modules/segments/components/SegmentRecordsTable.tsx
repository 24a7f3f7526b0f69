import { Link } from 'react-router';
import { Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SegmentRecord } from '../../../../contracts/segments.ts';
import { DateTime } from '../../../ui/DateTime.tsx';

/** Where a record of a segment is shown: a customer's or a lead's page; a contact's customer. */
export function recordLink(r: SegmentRecord): string | null {
  if (r.entity === 'customer') return `/customers/${r.id}`;
  if (r.entity === 'lead') return `/leads/${r.id}`;
  return r.customerId ? `/customers/${r.customerId}` : null;
}

type Props = {
  items: SegmentRecord[];
  loading?: boolean;
  testId: string;
  rowSelection?: TableProps<SegmentRecord>['rowSelection'];
};

/** The records a segment matches (a preview) or a static list holds. */
export function SegmentRecordsTable({ items, loading, testId, rowSelection }: Props) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SegmentRecord> = [
    {
      key: 'name',
      title: t('segments.records.name'),
      render: (_v, r) => {
        const to = recordLink(r);
        return to ? (
          <Link to={to} data-testid="segment-record-link">
            {r.name}
          </Link>
        ) : (
          r.name
        );
      },
    },
    { key: 'number', title: t('segments.records.number'), render: (_v, r) => r.number ?? <span className="kehu-muted">—</span> },
    { key: 'company', title: t('segments.records.company'), render: (_v, r) => r.companyName ?? <span className="kehu-muted">—</span> },
    { key: 'owner', title: t('segments.records.owner'), render: (_v, r) => r.ownerName ?? <span className="kehu-muted">—</span> },
    { key: 'createdAt', title: t('segments.records.createdAt'), render: (_v, r) => <DateTime value={r.createdAt} /> },
  ];
  return (
    <Table<SegmentRecord>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 720 }}
      rowSelection={rowSelection}
      onRow={(r) => ({ 'data-testid': `segment-record-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: t('segments.records.empty') }}
      data-testid={testId}
    />
  );
}
