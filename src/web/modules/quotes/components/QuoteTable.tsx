import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Quote } from '../../../../contracts/quotes.ts';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { QuoteStatusTag } from './quoteBits.tsx';

type Props = {
  list: UseQueryResult<{ items: Quote[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
  /** Left out where the page is already about one customer or one opportunity. */
  showCustomer?: boolean;
  showOpportunity?: boolean;
};

/** The quote list's columns: on the quotes page, and without the customer or the opportunity where the page is about one. */
export function useQuoteColumns({ showCustomer = true, showOpportunity = true }: { showCustomer?: boolean; showOpportunity?: boolean } = {}): TableColumnsType<Quote> {
  const { t } = useTranslation();
  return [
    {
      key: 'number',
      title: t('quotes.fields.number'),
      width: 130,
      render: (_v, q) => (
        <Link to={`/quotes/${q.id}`} data-testid="quote-number">
          {q.number}
        </Link>
      ),
    },
    { key: 'title', title: t('quotes.fields.title'), ellipsis: true, render: (_v, q) => q.title },
    ...(showCustomer ? [{ key: 'customer', title: t('quotes.fields.customer'), width: 200, ellipsis: true, render: (_v: unknown, q: Quote) => <Link to={`/customers/${q.customerId}`}>{q.customerName}</Link> }] : []),
    ...(showOpportunity ? [{ key: 'opportunity', title: t('quotes.fields.opportunity'), width: 180, ellipsis: true, render: (_v: unknown, q: Quote) => q.opportunityName }] : []),
    { key: 'status', title: t('quotes.fields.status'), width: 90, render: (_v, q) => <QuoteStatusTag status={q.status} /> },
    { key: 'total', title: t('quotes.fields.total'), width: 140, align: 'right', render: (_v, q) => formatFen(q.totalFen, q.currency) },
    { key: 'validUntil', title: t('quotes.fields.validUntil'), width: 110, render: (_v, q) => q.validUntil },
    { key: 'owner', title: t('quotes.fields.owner'), width: 110, render: (_v, q) => q.ownerName ?? <span className="kehu-muted">—</span> },
    { key: 'createdAt', title: t('quotes.fields.createdAt'), width: 150, render: (_v, q) => <DateTime value={q.createdAt} /> },
  ];
}

/** Quotes, newest first, of an opportunity or a customer (the quotes page draws the same columns in its ListPage). */
export function QuoteTable({ list, pages, pageSize, onPageSizeChange, empty, showCustomer = true, showOpportunity = true }: Props) {
  const columns = useQuoteColumns({ showCustomer, showOpportunity });
  return (
    <PagedTable<Quote>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      scroll={{ x: 900 }}
      data-testid="quote-table"
      rowTestId={(q) => `quote-row-${q.id}`}
      empty={empty}
    />
  );
}
