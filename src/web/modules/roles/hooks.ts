import { useQuery } from '@tanstack/react-query';
import { listRoles, rolesKeys } from './roles.api.ts';

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: rolesKeys.list,
    queryFn: ({ signal }) => listRoles(signal),
    enabled,
  });
}
