import { useState } from 'react';
import { App, Button, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Product } from '../../../../contracts/products.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { ProductFormDrawer } from '../components/ProductFormDrawer.tsx';
import { deleteProduct, listProducts, productCategories, productsKeys, updateProduct } from '../products.api.ts';

const FILTER_KEYS = ['q', 'status', 'category'] as const;

/** 产品: the catalogue opportunities, quotes and orders are priced from. */
export function ProductsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('products.title'));
  const can = useCan();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ q: values.q || undefined, status: oneOf(PRODUCT_STATUSES, values.status), category: values.category }),
    queryKey: productsKeys.list,
    fetch: listProducts,
  });
  const { filter, setFilters } = state;
  const [target, setTarget] = useState<Product | 'new' | null>(null);
  const categories = useQuery({ queryKey: productsKeys.categories, queryFn: ({ signal }) => productCategories(signal) });

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
    <ListPage<Product>
      state={state}
      testId="products"
      title={t('products.title')}
      description={t('products.pageHint')}
      actions={
        can('product:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget('new')} data-testid="products-create">
            {t('products.create')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('products.searchPlaceholder'), width: 220, testId: 'products-search' }}
      filters={
        <>
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
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1000 }, rowTestId: (p) => `product-row-${p.sku}` }}
      empty={{ description: t('products.empty'), filteredDescription: t('products.emptyFiltered') }}
    >
      <ProductFormDrawer target={target} onClose={() => setTarget(null)} />
    </ListPage>
  );
}
