import { useState } from 'react';
import { Button, Card, DatePicker, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUSES, type OrderStatus } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { OrderFormDrawer } from '../components/OrderFormDrawer.tsx';
import { OrdersTable } from '../components/OrdersTable.tsx';
import { listOrders, ordersKeys, type OrderListQuery } from '../orders.api.ts';

const URL_KEYS = ['status', 'ownerId', 'q', 'from', 'to', 'size'] as const;
const DEFAULT_SIZE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 订单: every order in my scope, by status, owner, number and order date; filters live in the URL. */
export function OrdersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('orders.title'));
  const can = useCan();
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const [creating, setCreating] = useState(false);
  const filter = {
    status: oneOf(ORDER_STATUSES, values.status),
    ownerId: values.ownerId,
    q: values.q,
    from: values.from && DATE.test(values.from) ? values.from : undefined,
    to: values.to && DATE.test(values.to) ? values.to : undefined,
  };
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: OrderListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = Object.values(filter).some(Boolean);
  const list = useQuery({ queryKey: ordersKeys.list(query), queryFn: ({ signal }) => listOrders(query, signal), placeholderData: keepPreviousData });

  return (
    <PageContainer
      title={t('orders.title')}
      description={t('orders.pageHint')}
      extra={
        can('order:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="orders-create">
            {t('orders.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="orders-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <SearchInput value={filter.q ?? ''} onCommit={(v) => setFilters({ q: v || null })} placeholder={t('orders.searchNumber')} style={{ width: 200 }} data-testid="orders-search" />
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
        </FilterBar>
        <OrdersTable
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          empty={<EmptyState description={hasFilters ? t('orders.emptyFiltered') : t('orders.empty')} />}
        />
      </Card>
      <OrderFormDrawer open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
