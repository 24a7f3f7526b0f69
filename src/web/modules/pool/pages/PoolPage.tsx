import { useState } from 'react';
import { App, Button, Card, Space, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { ImportOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_SORTS, type Customer } from '../../../../contracts/customers.ts';
import { LIFECYCLE_STAGES, SALES_REGIONS } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { asPageSize, oneOf, sortOrderOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { customersKeys, type CustomerListQuery } from '../../customers/customers.api.ts';
import { CustomerFilterFields } from '../../customers/components/CustomerFilterFields.tsx';
import { useIndustries } from '../../customers/hooks.ts';
import { KindTag, RegionText, StageTag } from '../../customers/vocabulary.tsx';
import { AssignCustomerModal } from '../components/AssignCustomerModal.tsx';
import { claimCustomer, listPool, poolKeys } from '../pool.api.ts';

const FILTER_KEYS = ['q', 'stage', 'industryCode', 'region', 'sort', 'size'] as const;
type Sort = (typeof CUSTOMER_SORTS)[number];
const DEFAULT_SORT: Sort = '-createdAt';
const DEFAULT_SIZE = 20;

export function PoolPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.pool'));
  const can = useCan();
  const industries = useIndustries();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { values, setFilters, clearFilters } = useUrlFilters(FILTER_KEYS);
  const [assigning, setAssigning] = useState<Customer | null>(null);

  const sort = oneOf(CUSTOMER_SORTS, values.sort) ?? DEFAULT_SORT;
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const filter = {
    q: values.q || undefined,
    stage: oneOf(LIFECYCLE_STAGES, values.stage),
    industryCode: values.industryCode,
    region: oneOf(SALES_REGIONS, values.region),
    sort,
  };
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: CustomerListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = !!(filter.q || filter.stage || filter.industryCode || filter.region);
  const canClaim = can('customer:update');
  const canAssign = can('customer:assign') && can('user:read');

  const list = useQuery({
    queryKey: poolKeys.list(query),
    queryFn: ({ signal }) => listPool(query, signal),
    placeholderData: keepPreviousData,
  });

  const claim = useMutation({
    mutationFn: (c: Customer) => claimCustomer(c.id),
    onSuccess: (c) => {
      void message.success(t('pool.claimed', { name: c.name }));
      void client.invalidateQueries({ queryKey: poolKeys.all });
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
    onError: (err) => {
      // Limits (422) and "someone was faster" (409) are answers, not faults: say why, in the
      // server's words (already in the user's language), and show the pool as it is now.
      if (isApiError(err) && (err.status === 422 || err.status === 409) && err.message) {
        void message.warning({ content: err.message, key: 'pool-claim-refused' });
        void client.invalidateQueries({ queryKey: poolKeys.all });
        return;
      }
      handleError(err);
    },
  });

  const columns: TableColumnsType<Customer> = [
    {
      key: 'number',
      dataIndex: 'number',
      title: t('customers.fields.number'),
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf(sort, 'number'),
      render: (v: string) => <span className="kehu-secret">{v}</span>,
    },
    {
      key: 'name',
      title: t('customers.fields.name'),
      width: 260,
      sorter: true,
      sortOrder: sortOrderOf(sort, 'name'),
      // No link: pool customers lie outside a salesperson's scope until claimed.
      render: (_v, c) => (
        <Space size={6}>
          <Typography.Text strong>{c.name}</Typography.Text>
          <KindTag kind={c.kind} />
        </Space>
      ),
    },
    { key: 'stage', title: t('customers.fields.stage'), width: 90, render: (_v, c) => <StageTag stage={c.stage} /> },
    {
      key: 'industry',
      title: t('customers.fields.industry'),
      width: 130,
      render: (_v, c) => industries.nameOf(c.industryCode) ?? <span className="kehu-muted">—</span>,
    },
    {
      key: 'region',
      title: t('customers.fields.region'),
      width: 180,
      render: (_v, c) => <RegionText customer={c} />,
    },
    {
      key: 'lastFollowUpAt',
      title: t('customers.fields.lastFollowUpAt'),
      width: 150,
      render: (_v, c) => <DateTime value={c.lastFollowUpAt} empty={t('customers.never')} />,
    },
    {
      key: 'createdAt',
      title: t('customers.fields.createdAt'),
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf(sort, 'createdAt'),
      render: (_v, c) => <DateTime value={c.createdAt} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 190,
      fixed: 'right',
      render: (_v, c) => (
        <Space size={4}>
          {canClaim ? (
            <Button
              size="small"
              type="primary"
              icon={<ImportOutlined />}
              loading={claim.isPending && claim.variables.id === c.id}
              onClick={() => claim.mutate(c)}
              data-testid={`pool-claim-${c.number}`}
            >
              {t('pool.claim')}
            </Button>
          ) : null}
          {canAssign ? (
            <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setAssigning(c)} data-testid={`pool-assign-${c.number}`}>
              {t('pool.assign')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const onTableChange: TableProps<Customer>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
    let next: Sort = DEFAULT_SORT;
    if (field && s?.order) next = oneOf(CUSTOMER_SORTS, `${s.order === 'descend' ? '-' : ''}${field}`) ?? DEFAULT_SORT;
    setFilters({ sort: next === DEFAULT_SORT ? null : next });
  };

  return (
    <PageContainer title={t('nav.pool')} description={t('pool.pageHint')}>
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="pool-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <SearchInput
            value={values.q ?? ''}
            onCommit={(q) => setFilters({ q }, { replace: true })}
            placeholder={t('customers.searchPlaceholder')}
            style={{ width: 240 }}
            data-testid="pool-filter-q"
          />
          <CustomerFilterFields values={filter} onChange={(patch) => setFilters(patch)} testIdPrefix="pool-filter" />
        </FilterBar>

        <PagedTable<Customer>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          columns={columns}
          onChange={onTableChange}
          scroll={{ x: 1300 }}
          data-testid="pool-table"
          rowTestId={(c) => `pool-row-${c.number}`}
          empty={
            hasFilters ? (
                              <EmptyState description={t('pool.emptyFiltered')} action={<Button onClick={clearFilters}>{t('common.clearFilters')}</Button>} />
                            ) : (
                              <EmptyState description={t('pool.empty')} />
                            )
          }
        />
      </Card>
      <AssignCustomerModal customer={assigning} onClose={() => setAssigning(null)} />
    </PageContainer>
  );
}
