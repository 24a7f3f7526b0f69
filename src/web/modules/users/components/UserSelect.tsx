import { useDeferredValue, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getUser, listUsers, usersKeys } from '../users.api.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
};

/** Search users by name as you type; shows the chosen user's name even when not in the results. */
export function UserSelect({ value, onChange, placeholder, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useQuery({
    queryKey: usersKeys.list({ q, limit: 20, sort: 'displayName' }),
    queryFn: ({ signal }) => listUsers({ q: q || undefined, limit: 20, sort: 'displayName' }, signal),
  });
  const selected = useQuery({
    queryKey: usersKeys.detail(value ?? ''),
    queryFn: ({ signal }) => getUser(value ?? '', signal),
    enabled: !!value && !(list.data?.items ?? []).some((u) => u.id === value),
  });
  const options = useMemo(() => {
    const items = list.data?.items ?? [];
    const opts = items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
    if (value && !items.some((u) => u.id === value)) {
      opts.unshift({ value, label: selected.data ? `${selected.data.displayName} (${selected.data.username})` : value });
    }
    return opts;
  }, [list.data, selected.data, value]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder ?? t('users.selectUser')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      status={list.isError ? 'error' : undefined}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('users.noMatch')}
      options={options}
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
