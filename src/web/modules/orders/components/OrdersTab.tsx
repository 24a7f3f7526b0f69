import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { listOrders, ordersKeys } from '../orders.api.ts';
import { OrderFormDrawer } from './OrderFormDrawer.tsx';
import { OrdersTable } from './OrdersTable.tsx';

/** 订单 tab of a customer: its orders in my scope, newest first, and a new one for it. */
export function OrdersTab({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(`${customerId}:${pageSize}`);
  const query = { customerId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: ordersKeys.list(query), queryFn: ({ signal }) => listOrders(query, signal), placeholderData: keepPreviousData, enabled: can('order:read') });
  if (!can('order:read')) return <EmptyState description={t('orders.noAccess')} />;
  const create = can('order:create') ? () => setCreating(true) : null;
  return (
    <Flex vertical gap={12} data-testid="orders-tab">
      {create ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="customer-order-create">
            {t('orders.create')}
          </Button>
        </Flex>
      ) : null}
      <OrdersTable list={list} pages={pages} pageSize={pageSize} onPageSizeChange={setPageSize} showCustomer={false} empty={<EmptyState description={t('orders.empty')} />} />
      <OrderFormDrawer open={creating} customer={{ id: customerId, name: customerName }} onClose={() => setCreating(false)} />
    </Flex>
  );
}
