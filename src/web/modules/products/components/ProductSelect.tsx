import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/products.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { listProducts, productsKeys } from '../products.api.ts';

type Props = {
  value?: string | null;
  /** The product picked (undefined when cleared): the line takes its name, unit, price and tax rate. */
  onChange?: (value: string | null, product?: Product) => void;
  /** Shown for a product no longer offered (retired) that an existing line still names. */
  fallbackLabel?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  size?: 'small' | 'middle' | 'large';
  id?: string;
  'data-testid'?: string;
};

/** Find an active catalogue product by SKU or name as you type. */
export function ProductSelect({ value, onChange, fallbackLabel, placeholder, style, size, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query = { status: 'active' as const, q: q || undefined, limit: 20 };
  const list = useQuery({ queryKey: productsKeys.list(query), queryFn: ({ signal }) => listProducts(query, signal) });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const options = useMemo(() => {
    const opts = items.map((p) => ({ value: p.id, label: `${p.sku} ${p.name}`, price: formatFen(p.listPriceFen, p.currency) }));
    if (value && !items.some((p) => p.id === value)) opts.unshift({ value, label: fallbackLabel ?? value, price: '' });
    return opts;
  }, [items, value, fallbackLabel]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null, items.find((p) => p.id === v))}
      placeholder={placeholder ?? t('products.select')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      status={list.isError ? 'error' : undefined}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('products.noMatch')}
      options={options}
      optionRender={(o) => (
        <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{o.data.label}</span>
          <span className="kehu-muted">{o.data.price}</span>
        </span>
      )}
      popupMatchSelectWidth={320}
      style={style}
      size={size}
      data-testid={rest['data-testid']}
    />
  );
}
