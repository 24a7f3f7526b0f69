import { useQuery } from '@tanstack/react-query';
import { indexCatalogue } from './catalogue.ts';
import { getPermissionCatalogue, listRoles, rolesKeys } from './roles.api.ts';

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: rolesKeys.list,
    queryFn: ({ signal }) => listRoles(signal),
    enabled,
  });
}

/** The permission catalogue; it changes only with a new release, so it is fetched once. */
export function usePermissionCatalogue() {
  return useQuery({
    queryKey: rolesKeys.catalogue,
    queryFn: ({ signal }) => getPermissionCatalogue(signal),
    select: indexCatalogue,
    staleTime: Infinity,
  });
}
