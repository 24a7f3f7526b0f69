import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Flex, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_SORTS, type Customer } from '../../../../contracts/customer-records.ts';
import {
  LIFECYCLE_STAGE_LABELS,
  LIFECYCLE_STAGES,
  SALES_REGION_LABELS,
  SALES_REGIONS,
  type LifecycleStage,
  type SalesRegion,
} from '../../../../contracts/customers.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { CursorPager, PAGE_SIZES } from '../../../ui/CursorPager.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { CustomerFormDrawer } from '../components/CustomerFormDrawer.tsx';
import { customersKeys, listCustomers, type CustomerListQuery } from '../customers.api.ts';
import { useIndustries, useLabel, useTags } from '../hooks.ts';
import { CustomerTags, KindTag, StageTag } from '../vocabulary.tsx';

const FILTER_KEYS = ['q', 'stage', 'industryCode', 'region', 'tagId', 'ownerId', 'departmentId', 'sort', 'size'] as const;
type Sort = (typeof CUSTOMER_SORTS)[number];

const DEFAULT_SORT: Sort = '-createdAt';
const DEFAULT_SIZE = 20;

function oneOf<T extends string>(list: readonly T[], value: string | undefined): T | undefined {
  return (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

function asSize(value: string | undefined): number {
  const n = Number(value);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_SIZE;
}

function sortOrderOf(sort: Sort, field: string): 'ascend' | 'descend' | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

export function CustomersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.customers'));
  const me = useCurrentUser();
  const can = useCan();
  const label = useLabel();
  const industries = useIndustries();
  const tags = useTags();
  const { values, setFilters, clearFilters } = useUrlFilters(FILTER_KEYS);
  const [creating, setCreating] = useState(false);

  const sort = oneOf(CUSTOMER_SORTS, values.sort) ?? DEFAULT_SORT;
  const pageSize = asSize(values.size);
  const filter = {
    q: values.q || undefined,
    stage: oneOf(LIFECYCLE_STAGES, values.stage),
    industryCode: values.industryCode,
    region: oneOf(SALES_REGIONS, values.region),
    tagId: values.tagId,
    ownerId: values.ownerId,
    departmentId: values.departmentId,
    sort,
  };
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: CustomerListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = !!(filter.q || filter.stage || filter.industryCode || filter.region || filter.tagId || filter.ownerId || filter.departmentId);
  const manager = me.role.dataScope !== 'own';

  const list = useQuery({
    queryKey: customersKeys.list(query),
    queryFn: ({ signal }) => listCustomers(query, signal),
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);

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
      render: (_v, c) => (
        <Space size={6}>
          <Link to={`/customers/${c.id}`} data-testid={`customer-link-${c.number}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {c.name}
            </Typography.Text>
          </Link>
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
      width: 200,
      render: (_v, c) =>
        c.region || c.divisionPath ? (
          <span>
            {c.region ? label(SALES_REGION_LABELS[c.region]) : null}
            {c.divisionPath ? <Typography.Text type="secondary"> · {c.divisionPath}</Typography.Text> : null}
          </span>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
    {
      key: 'owner',
      title: t('customers.fields.owner'),
      width: 110,
      render: (_v, c) => c.ownerName ?? <span className="kehu-muted">{t('customers.noOwner')}</span>,
    },
    { key: 'tags', title: t('customers.fields.tags'), width: 180, render: (_v, c) => <CustomerTags tags={c.tags} /> },
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
  ];

  const onTableChange: TableProps<Customer>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
    let next: Sort = DEFAULT_SORT;
    if (field && s?.order) {
      const candidate = `${s.order === 'descend' ? '-' : ''}${field}`;
      next = oneOf(CUSTOMER_SORTS, candidate) ?? DEFAULT_SORT;
    }
    setFilters({ sort: next === DEFAULT_SORT ? null : next });
  };

  return (
    <PageContainer
      title={t('nav.customers')}
      description={t('customers.pageHint')}
      extra={
        can('customer:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customers-create">
            {t('customers.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="customers-filter-reset">
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
            data-testid="customers-filter-q"
          />
          <Select<LifecycleStage>
            value={filter.stage}
            onChange={(v) => setFilters({ stage: v })}
            placeholder={t('customers.filterStage')}
            allowClear
            style={{ width: 120 }}
            options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: label(LIFECYCLE_STAGE_LABELS[s]) }))}
            data-testid="customers-filter-stage"
          />
          <Select<string>
            value={filter.industryCode}
            onChange={(v) => setFilters({ industryCode: v })}
            placeholder={t('customers.filterIndustry')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 180 }}
            options={industries.options}
            loading={industries.query.isPending}
            data-testid="customers-filter-industry"
          />
          <Select<SalesRegion>
            value={filter.region}
            onChange={(v) => setFilters({ region: v })}
            placeholder={t('customers.filterRegion')}
            allowClear
            style={{ width: 140 }}
            options={SALES_REGIONS.map((r) => ({ value: r, label: label(SALES_REGION_LABELS[r]) }))}
            data-testid="customers-filter-region"
          />
          <Select<string>
            value={filter.tagId}
            onChange={(v) => setFilters({ tagId: v })}
            placeholder={t('customers.filterTag')}
            allowClear
            showSearch={{ optionFilterProp: 'title' }}
            style={{ width: 150 }}
            loading={tags.query.isPending}
            options={tags.items.map((tag) => ({
              value: tag.id,
              title: tag.name,
              label: (
                <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
                  {tag.name}
                </Tag>
              ),
            }))}
            data-testid="customers-filter-tag"
          />
          {manager && can('user:read') ? (
            <UserSelect
              value={values.ownerId ?? null}
              onChange={(v) => setFilters({ ownerId: v })}
              placeholder={t('customers.filterOwner')}
              style={{ width: 170 }}
              data-testid="customers-filter-owner"
            />
          ) : null}
          {manager && can('department:read') ? (
            <DepartmentTreeSelect
              value={values.departmentId ?? null}
              onChange={(v) => setFilters({ departmentId: v })}
              placeholder={t('customers.filterDepartment')}
              style={{ width: 170 }}
              data-testid="customers-filter-department"
            />
          ) : null}
        </FilterBar>

        {list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<Customer>
              rowKey="id"
              columns={columns}
              dataSource={items}
              loading={list.isFetching}
              pagination={false}
              onChange={onTableChange}
              scroll={{ x: 1420 }}
              data-testid="customers-table"
              onRow={(c) => ({ 'data-testid': `customer-row-${c.number}` }) as React.HTMLAttributes<HTMLElement>}
              locale={{
                emptyText: list.isPending ? (
                  <div style={{ height: 160 }} />
                ) : hasFilters ? (
                  <EmptyState
                    description={t('customers.emptyFiltered')}
                    action={<Button onClick={clearFilters}>{t('common.clearFilters')}</Button>}
                  />
                ) : (
                  <EmptyState
                    description={t('customers.empty')}
                    action={
                      can('customer:create') ? (
                        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                          {t('customers.create')}
                        </Button>
                      ) : null
                    }
                  />
                ),
              }}
            />
            <Flex justify="flex-end">
              <CursorPager
                page={pages.page}
                pageSize={pageSize}
                shown={items.length}
                hasPrev={pages.hasPrev}
                hasNext={!!list.data?.nextCursor}
                loading={list.isFetching}
                onPrev={pages.prev}
                onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)}
                onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
              />
            </Flex>
          </>
        )}
      </Card>

      <CustomerFormDrawer open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
