import { useState } from 'react';
import { App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Product } from '../../../../contracts/products.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { ProductFormDrawer } from '../components/ProductFormDrawer.tsx';
import { deleteProduct, listProducts, productCategories, productsKeys, updateProduct, type ProductListQuery } from '../products.api.ts';

const URL_KEYS = ['q', 'status', 'category', 'size'] as const;
const DEFAULT_SIZE = 20;

/** 产品: the catalogue opportunities, quotes and orders are priced from. */
export function ProductsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('products.title'));
  const can = useCan();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const [target, setTarget] = useState<Product | 'new' | null>(null);
  const filter = { q: values.q, status: oneOf(PRODUCT_STATUSES, values.status), category: values.category };
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: ProductListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: productsKeys.list(query), queryFn: ({ signal }) => listProducts(query, signal), placeholderData: keepPreviousData });
  const categories = useQuery({ queryKey: productsKeys.categories, queryFn: ({ signal }) => productCategories(signal) });
  const hasFilters = !!(filter.q || filter.status || filter.category);

  const refresh = () => void client.invalidateQueries({ queryKey: productsKeys.all });
  const setStatus = useMutation({
    mutationFn: (m: { p: Product; status: ProductStatus }) => updateProduct(m.p.id, { version: m.p.version, status: m.status }),
    onSuccess: (p) => {
      void message.success(p.status === 'retired' ? t('products.retired', { name: p.name }) : t('products.reactivated', { name: p.name }));
      refresh();
    },
    onError: (err) => handleError(err, { conflictKeys: [productsKeys.all] }),
  });
  const remove = useMutation({
    mutationFn: (p: Product) => deleteProduct(p.id),
    onSuccess: () => {
      void message.success(t('products.deleted'));
      refresh();
    },
    // A product on any line cannot be deleted: the server's 422 says to retire it.
    onError: (err) => handleError(err),
  });
  const confirmDelete = (p: Product) =>
    modal.confirm({
      title: t('products.deleteConfirmTitle', { name: p.name }),
      content: t('products.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(p).catch(() => undefined),
    });

  const columns: TableColumnsType<Product> = [
    { key: 'sku', title: t('products.fields.sku'), width: 130, render: (_v, p) => <span className="kehu-secret">{p.sku}</span> },
    {
      key: 'name',
      title: t('products.fields.name'),
      render: (_v, p) =>
        can('product:update') ? (
          <Typography.Link onClick={() => setTarget(p)} data-testid={`product-name-${p.sku}`}>
            {p.name}
          </Typography.Link>
        ) : (
          p.name
        ),
    },
    { key: 'category', title: t('products.fields.category'), width: 120, render: (_v, p) => p.category ?? <span className="kehu-muted">—</span> },
    { key: 'unit', title: t('products.fields.unit'), width: 70, dataIndex: 'unit' },
    { key: 'price', title: t('products.fields.listPrice'), width: 150, align: 'right', render: (_v, p) => formatFen(p.listPriceFen, p.currency) },
    { key: 'tax', title: t('products.fields.taxRate'), width: 80, align: 'right', render: (_v, p) => `${p.taxRatePercent}%` },
    { key: 'status', title: t('products.fields.status'), width: 90, render: (_v, p) => <Tag color={p.status === 'active' ? 'green' : 'default'}>{t(`products.statuses.${p.status}`)}</Tag> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 220,
      fixed: 'right',
      render: (_v, p) => (
        <Space size={0} className="kehu-table-actions">
          {can('product:update') ? (
            <>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget(p)} data-testid={`product-edit-${p.sku}`}>
                {t('common.edit')}
              </Button>
              {p.status === 'active' ? (
                <Button type="link" size="small" icon={<StopOutlined />} onClick={() => setStatus.mutate({ p, status: 'retired' })} data-testid={`product-retire-${p.sku}`}>
                  {t('products.retire')}
                </Button>
              ) : (
                <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => setStatus.mutate({ p, status: 'active' })} data-testid={`product-reactivate-${p.sku}`}>
                  {t('products.reactivate')}
                </Button>
              )}
            </>
          ) : null}
          {can('product:delete') ? (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(p)} data-testid={`product-delete-${p.sku}`}>
              {t('common.delete')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('products.title')}
      description={t('products.pageHint')}
      extra={
        can('product:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget('new')} data-testid="products-create">
            {t('products.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="products-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <SearchInput value={values.q ?? ''} onCommit={(v) => setFilters({ q: v }, { replace: true })} placeholder={t('products.searchPlaceholder')} style={{ width: 220 }} data-testid="products-search" />
          <Select<ProductStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            allowClear
            placeholder={t('products.filterStatus')}
            style={{ width: 120 }}
            options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) }))}
            data-testid="products-filter-status"
          />
          <Select<string>
            value={filter.category}
            onChange={(v) => setFilters({ category: v })}
            allowClear
            placeholder={t('products.filterCategory')}
            style={{ width: 150 }}
            options={(categories.data?.items ?? []).map((c) => ({ value: c, label: c }))}
            data-testid="products-filter-category"
          />
        </FilterBar>
        <PagedTable<Product>
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          columns={columns}
          scroll={{ x: 1000 }}
          data-testid="products-table"
          rowTestId={(p) => `product-row-${p.sku}`}
          empty={<EmptyState description={hasFilters ? t('products.emptyFiltered') : t('products.empty')} />}
        />
      </Card>
      <ProductFormDrawer target={target} onClose={() => setTarget(null)} />
    </PageContainer>
  );
}
