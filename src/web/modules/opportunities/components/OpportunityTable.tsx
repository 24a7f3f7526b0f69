import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TableColumnsType, TableProps } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '../../../../contracts/opportunities.ts';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { sortOrderOf } from '../../../ui/listParams.ts';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { useStages } from '../hooks.ts';
import { Money, StageTag } from './opportunityBits.tsx';

type Props = {
  list: UseQueryResult<{ items: Opportunity[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
  /** The customer column is left out on a customer's own page. */
  showCustomer?: boolean;
  sort?: string;
  onSortChange?: (sort: string | null) => void;
};

/** 商机列表: on the opportunities page (list view) and on a customer's tab. */
export function OpportunityTable({ list, pages, pageSize, onPageSizeChange, empty, showCustomer = true, sort, onSortChange }: Props) {
  const { t } = useTranslation();
  const stages = useStages();
  const sortable = !!onSortChange;
  const columns: TableColumnsType<Opportunity> = [
    {
      key: 'name',
      title: t('opportunities.fields.name'),
      width: 220,
      render: (_v, o) => (
        <Link to={`/opportunities/${o.id}`} data-testid={`opportunity-link-${o.id}`}>
          {o.name}
        </Link>
      ),
    },
    ...(showCustomer
      ? [{ key: 'customer', title: t('opportunities.fields.customer'), width: 200, ellipsis: true, render: (_v: unknown, o: Opportunity) => <Link to={`/customers/${o.customerId}?tab=opportunities`}>{o.customerName}</Link> }]
      : []),
    { key: 'stage', title: t('opportunities.fields.stage'), width: 110, render: (_v, o) => <StageTag name={stages.nameOfId(o.stageId)} kind={o.stageKind} /> },
    {
      key: 'amountFen',
      title: t('opportunities.fields.amount'),
      width: 150,
      align: 'right',
      sorter: sortable,
      sortOrder: sort ? sortOrderOf(sort, 'amountFen') : null,
      render: (_v, o) => <Money fen={o.amountFen} currency={o.currency} />,
    },
    { key: 'probability', title: t('opportunities.fields.probability'), width: 80, align: 'right', render: (_v, o) => `${o.probability}%` },
    { key: 'weighted', title: t('opportunities.fields.weighted'), width: 150, align: 'right', render: (_v, o) => <Money fen={o.weightedFen} currency={o.currency} /> },
    { key: 'expectedCloseDate', title: t('opportunities.fields.expectedCloseDate'), width: 120, render: (_v, o) => o.expectedCloseDate ?? <span className="kehu-muted">—</span> },
    { key: 'owner', title: t('opportunities.fields.owner'), width: 100, render: (_v, o) => o.ownerName ?? <span className="kehu-muted">—</span> },
    {
      key: 'updatedAt',
      title: t('common.updatedAt'),
      width: 150,
      sorter: sortable,
      sortOrder: sort ? sortOrderOf(sort, 'updatedAt') : null,
      render: (_v, o) => <DateTime value={o.updatedAt} />,
    },
  ];
  const onChange: TableProps<Opportunity>['onChange'] = (_p, _f, sorter) => {
    if (!onSortChange || Array.isArray(sorter)) return;
    const field = sorter.columnKey === 'amountFen' || sorter.columnKey === 'updatedAt' ? String(sorter.columnKey) : null;
    onSortChange(field && sorter.order ? (sorter.order === 'descend' ? `-${field}` : field) : null);
  };
  return (
    <PagedTable<Opportunity>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      onChange={onChange}
      scroll={{ x: 1100 }}
      data-testid="opportunity-table"
      rowTestId={(o) => `opportunity-row-${o.id}`}
      empty={empty}
    />
  );
}
