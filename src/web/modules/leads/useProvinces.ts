import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { loadDivisions } from '../customers/divisions.ts';

/**
 * The province-level divisions, for a lead's province. Leads need no city or district, but they
 * share the customer form's division chunk and query key, so the data is fetched once.
 */
export function useProvinces(enabled: boolean) {
  const query = useQuery({ queryKey: ['divisions'], queryFn: loadDivisions, staleTime: Infinity, enabled });
  return useMemo(() => {
    const options = (query.data?.options ?? []).map((p) => ({ value: p.value, label: p.label }));
    const nameOf = (code: string | null | undefined): string | undefined => (code ? (query.data?.names.get(code) ?? code) : undefined);
    return { query, options, nameOf };
  }, [query]);
}
