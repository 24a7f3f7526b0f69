import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '../../../../contracts/opportunities.ts';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { useStages } from '../hooks.ts';
import { Money, StageTag } from './opportunityBits.tsx';

type Props = {
  list: UseQueryResult<{ items: Opportunity[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
};

/**
 * The opportunity list's columns, on the opportunities page (list view, sortable by amount and
 * last change, the sort order drawn by its ListPage) and on a customer's tab (no customer column).
 */
export function useOpportunityColumns({ showCustomer, sortable }: { showCustomer: boolean; sortable: boolean }): TableColumnsType<Opportunity> {
  const { t } = useTranslation();
  const stages = useStages();
  return [
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
      render: (_v, o) => <DateTime value={o.updatedAt} />,
    },
  ];
}

/** 商机列表 on a customer's tab (the opportunities page draws the same columns in its ListPage). */
export function OpportunityTable({ list, pages, pageSize, onPageSizeChange, empty }: Props) {
  const columns = useOpportunityColumns({ showCustomer: false, sortable: false });
  return (
    <PagedTable<Opportunity>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      scroll={{ x: 1100 }}
      data-testid="opportunity-table"
      rowTestId={(o) => `opportunity-row-${o.id}`}
      empty={empty}
    />
  );
}
