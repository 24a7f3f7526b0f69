import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Contract } from '../../../../contracts/sales-contracts.ts';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { ContractStatusTag, Money } from './contractBits.tsx';

type Props = {
  list: UseQueryResult<{ items: Contract[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
  /** The customer column is left out on a customer's own page. */
  showCustomer?: boolean;
};

/** The contract list's columns, on its own page and on a customer's tab: amounts received, outstanding and overdue. */
export function useContractColumns(showCustomer = true): TableColumnsType<Contract> {
  const { t } = useTranslation();
  return [
    {
      key: 'number',
      title: t('contracts.fields.number'),
      width: 120,
      render: (_v, c) => (
        <Link to={`/contracts/${c.id}`} data-testid="contract-number">
          {c.number}
        </Link>
      ),
    },
    { key: 'title', title: t('contracts.fields.title'), ellipsis: true, render: (_v, c) => c.title },
    ...(showCustomer
      ? [{ key: 'customer', title: t('contracts.fields.customer'), width: 200, ellipsis: true, render: (_v: unknown, c: Contract) => <Link to={`/customers/${c.customerId}?tab=contracts`}>{c.customerName ?? '…'}</Link> }]
      : []),
    { key: 'status', title: t('contracts.fields.status'), width: 90, render: (_v, c) => <ContractStatusTag status={c.status} /> },
    { key: 'amount', title: t('contracts.fields.amount'), width: 140, align: 'right', render: (_v, c) => <Money fen={c.amountFen} currency={c.currency} /> },
    { key: 'received', title: t('contracts.fields.received'), width: 140, align: 'right', render: (_v, c) => <Money fen={c.receivedFen} currency={c.currency} testId="contract-row-received" /> },
    { key: 'outstanding', title: t('contracts.fields.outstanding'), width: 140, align: 'right', render: (_v, c) => <Money fen={c.outstandingFen} currency={c.currency} testId="contract-row-outstanding" /> },
    { key: 'overdue', title: t('contracts.fields.overdue'), width: 120, align: 'right', render: (_v, c) => <Money fen={c.overdueFen} currency={c.currency} danger /> },
    { key: 'endsOn', title: t('contracts.fields.period'), width: 200, render: (_v, c) => (c.startsOn || c.endsOn ? `${c.startsOn ?? '…'} ~ ${c.endsOn ?? '…'}` : <span className="kehu-muted">—</span>) },
    { key: 'owner', title: t('contracts.fields.owner'), width: 110, render: (_v, c) => c.ownerName ?? '—' },
  ];
}

/** The contract list on a customer's tab (the contracts page draws the same columns in its ListPage). */
export function ContractTable({ list, pages, pageSize, onPageSizeChange, empty, showCustomer = true }: Props) {
  const columns = useContractColumns(showCustomer);
  return (
    <PagedTable<Contract>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      scroll={{ x: 1200 }}
      data-testid="contracts-table"
      rowTestId={(c) => `contract-row-${c.id}`}
      empty={empty}
    />
  );
}
