import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRoles } from '../hooks.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
};

export function RoleSelect({ value, onChange, placeholder, allowClear, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useRoles();
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      placeholder={placeholder ?? t('roles.select')}
      allowClear={allowClear}
      loading={isPending}
      status={isError ? 'error' : undefined}
      notFoundContent={isError ? t('errors.loadFailed') : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      options={(data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
