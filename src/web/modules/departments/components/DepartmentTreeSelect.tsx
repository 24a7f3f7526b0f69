import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDepartments } from '../hooks.ts';
import { subtreeIds, toTreeSelect } from '../departmentTree.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** Disable this department and its descendants (choosing a new parent). */
  excludeSubtreeOf?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
  id?: string;
};

/** Pick a department from the tree; searchable by name. Works as a controlled form field. */
export function DepartmentTreeSelect({ value, onChange, placeholder, excludeSubtreeOf, allowClear = true, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const { items, tree, isPending, isError } = useDepartments();
  const treeData = useMemo(
    () => toTreeSelect(tree, excludeSubtreeOf ? subtreeIds(items, excludeSubtreeOf) : undefined),
    [tree, items, excludeSubtreeOf],
  );
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={treeData}
      placeholder={placeholder ?? t('departments.select')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={isPending}
      status={isError ? 'error' : undefined}
      notFoundContent={isError ? t('errors.loadFailed') : t('departments.none')}
      style={style}
      data-testid={rest['data-testid']}
      popupMatchSelectWidth={false}
    />
  );
}
