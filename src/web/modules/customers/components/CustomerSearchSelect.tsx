import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { customersKeys, getCustomer, listCustomers } from '../customers.api.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** A customer not to offer (the one being merged into). */
  excludeId?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
};

/** Find a customer by name, number, contact or pinyin as you type (the list's search box). */
export function CustomerSearchSelect({ value, onChange, excludeId, placeholder, style, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query = { q: q || undefined, limit: 20 };
  const list = useQuery({ queryKey: customersKeys.list(query), queryFn: ({ signal }) => listCustomers(query, signal) });
  const items = useMemo(() => (list.data?.items ?? []).filter((c) => c.id !== excludeId), [list.data, excludeId]);
  const selected = useQuery({
    queryKey: customersKeys.detail(value ?? ''),
    queryFn: ({ signal }) => getCustomer(value ?? '', signal),
    enabled: !!value && !items.some((c) => c.id === value),
  });
  const options = useMemo(() => {
    const opts = items.map((c) => ({ value: c.id, label: `${c.number} ${c.name}` }));
    if (value && !items.some((c) => c.id === value)) opts.unshift({ value, label: selected.data ? `${selected.data.number} ${selected.data.name}` : value });
    return opts;
  }, [items, selected.data, value]);

  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder ?? t('customerMerge.pickPlaceholder')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      status={list.isError ? 'error' : undefined}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('customerMerge.noMatch')}
      options={options}
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
