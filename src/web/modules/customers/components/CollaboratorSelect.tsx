import { useDeferredValue, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listUsers, usersKeys } from '../../users/users.api.ts';
import { UserName } from '../../users/components/UserName.tsx';

type Props = {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
};

/** Several users, searched by name as you type (UserSelect picks only one). */
export function CollaboratorSelect({ value, onChange, placeholder, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useQuery({
    queryKey: usersKeys.list({ q, limit: 20, sort: 'displayName' }),
    queryFn: ({ signal }) => listUsers({ q: q || undefined, limit: 20, sort: 'displayName' }, signal),
  });
  const options = useMemo(() => {
    const items = list.data?.items ?? [];
    const opts: { value: string; label: React.ReactNode }[] = items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
    for (const v of value ?? []) if (!items.some((u) => u.id === v)) opts.push({ value: v, label: <UserName id={v} /> });
    return opts;
  }, [list.data, value]);
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder ?? t('customers.selectCollaborators')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('users.noMatch')}
      options={options}
      data-testid={rest['data-testid']}
    />
  );
}
