import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { departmentsKeys, listDepartments } from './departments.api.ts';
import { buildDepartmentTree } from './departmentTree.ts';

export function useDepartments(enabled = true) {
  const query = useQuery({
    queryKey: departmentsKeys.all,
    queryFn: ({ signal }) => listDepartments(signal),
    enabled,
  });
  const items = useMemo(() => query.data?.items ?? [], [query.data]);
  const tree = useMemo(() => buildDepartmentTree(items), [items]);
  return { ...query, items, tree };
}
