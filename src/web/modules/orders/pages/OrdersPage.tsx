import { useState } from 'react';
import { Button, DatePicker, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../../contracts/orders.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { OrderFormDrawer } from '../components/OrderFormDrawer.tsx';
import { useOrderColumns } from '../components/OrdersTable.tsx';
import { listOrders, ordersKeys } from '../orders.api.ts';

const FILTER_KEYS = ['status', 'ownerId', 'q', 'from', 'to'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 订单: every order in my scope, by status, owner, number and order date; filters live in the URL. */
export function OrdersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('orders.title'));
  const can = useCan();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({
      status: oneOf(ORDER_STATUSES, values.status),
      ownerId: values.ownerId,
      q: values.q || undefined,
      from: values.from && DATE.test(values.from) ? values.from : undefined,
      to: values.to && DATE.test(values.to) ? values.to : undefined,
    }),
    queryKey: ordersKeys.list,
    fetch: listOrders,
  });
  const { filter, setFilters } = state;
  const [creating, setCreating] = useState(false);
  const columns = useOrderColumns();

  return (
    <ListPage<OrderSummary>
      state={state}
      testId="orders"
      title={t('orders.title')}
      description={t('orders.pageHint')}
      actions={
        can('order:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="orders-create">
            {t('orders.create')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('orders.searchNumber'), width: 200, testId: 'orders-search' }}
      filters={
        <>
          <Select<OrderStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('orders.filterStatus')}
            allowClear
            style={{ width: 130 }}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
            data-testid="orders-filter-status"
          />
          {can('user:read') ? <UserSelect value={filter.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('orders.filterOwner')} style={{ width: 170 }} data-testid="orders-filter-owner" /> : null}
          <DatePicker.RangePicker
            value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
            onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })}
            placeholder={[t('orders.from'), t('orders.to')]}
            allowEmpty={[true, true]}
            data-testid="orders-filter-dates"
          />
        </>
      }
      columns={columns}
      table={{ scroll: { x: 960 }, rowTestId: (o) => `order-row-${o.id}` }}
      empty={{ description: t('orders.empty'), filteredDescription: t('orders.emptyFiltered') }}
    >
      <OrderFormDrawer open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
