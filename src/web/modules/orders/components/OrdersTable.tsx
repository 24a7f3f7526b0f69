import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { OrderSummary } from '../../../../contracts/orders.ts';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { OrderStatusTag } from './orderBits.tsx';

type Props = {
  list: UseQueryResult<{ items: OrderSummary[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
  /** The customer column is left out on a customer's own page. */
  showCustomer?: boolean;
};

/** The order list's columns, on its own page and on a customer's tab (without the customer). */
export function useOrderColumns(showCustomer = true): TableColumnsType<OrderSummary> {
  const { t } = useTranslation();
  return [
    {
      key: 'number',
      title: t('orders.fields.number'),
      width: 150,
      render: (_v, o) => (
        <Link to={`/orders/${o.id}`} data-testid="order-number">
          {o.number}
        </Link>
      ),
    },
    ...(showCustomer
      ? [{ key: 'customer', title: t('orders.fields.customer'), ellipsis: true, render: (_v: unknown, o: OrderSummary) => <Link to={`/customers/${o.customerId}?tab=orders`}>{o.customerName}</Link> }]
      : []),
    { key: 'status', title: t('orders.fields.status'), width: 90, render: (_v, o) => <OrderStatusTag status={o.status} /> },
    { key: 'orderDate', title: t('orders.fields.orderDate'), width: 110, dataIndex: 'orderDate' },
    { key: 'total', title: t('orders.fields.total'), width: 140, align: 'right', render: (_v, o) => <span data-testid="order-total">{formatFen(o.totalFen, o.currency)}</span> },
    { key: 'paid', title: t('orders.fields.paid'), width: 140, align: 'right', render: (_v, o) => formatFen(o.paidFen, o.currency) },
    { key: 'owner', title: t('orders.fields.owner'), width: 110, render: (_v, o) => o.ownerName ?? <span className="kehu-muted">—</span> },
    { key: 'createdAt', title: t('orders.fields.createdAt'), width: 150, render: (_v, o) => <DateTime value={o.createdAt} /> },
  ];
}

/** The order list on a customer's tab (the orders page draws the same columns in its ListPage). */
export function OrdersTable({ list, pages, pageSize, onPageSizeChange, empty, showCustomer = true }: Props) {
  const columns = useOrderColumns(showCustomer);
  return (
    <PagedTable<OrderSummary>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      scroll={{ x: 960 }}
      data-testid="orders-table"
      rowTestId={(o) => `order-row-${o.id}`}
      empty={empty}
    />
  );
}
