import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Product } from '../../../../contracts/products.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { ordersKeys, searchProducts } from '../orders.api.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The product chosen, to fill the line's name, price and tax rate. */
  onPick?: (product: Product | null) => void;
  'data-testid'?: string;
};

/** An active product of the catalogue, found by SKU or name as you type. */
export function ProductSelect({ value, onChange, onPick, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useQuery({ queryKey: ordersKeys.products(q), queryFn: ({ signal }) => searchProducts(q, signal) });
  const products = useMemo(() => list.data?.items ?? [], [list.data]);
  const options = products.map((p) => ({ value: p.id, label: `${p.sku} ${p.name} · ${formatFen(p.listPriceFen, p.currency)}` }));
  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => {
        onChange?.(v ?? null);
        onPick?.(products.find((p) => p.id === v) ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      loading={list.isFetching}
      placeholder={t('orders.items.selectProduct')}
      options={options}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      {...rest}
    />
  );
}
