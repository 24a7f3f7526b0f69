import type { Action, PermissionCatalogue, Resource } from '../../../contracts/access.ts';

/** The permission catalogue the server's modules declare, indexed for the role editor and the profile. */
export interface CatalogueIndex {
  /** Resources in the server's order (the rows of the matrix). */
  resources: Resource[];
  actionsOf: (resource: Resource) => readonly Action[];
  /** Every `resource:action`, in catalogue order. */
  all: string[];
  has: (permission: string) => boolean;
}

export function indexCatalogue(catalogue: PermissionCatalogue): CatalogueIndex {
  // The API names resources of the server's manifests, which also declare the Resource type.
  const actions = new Map(catalogue.resources.map((r) => [r.resource as Resource, r.actions]));
  const all = catalogue.resources.flatMap((r) => r.actions.map((a) => `${r.resource}:${a}`));
  const known = new Set(all);
  return {
    resources: [...actions.keys()],
    actionsOf: (resource) => actions.get(resource) ?? [],
    all,
    has: (p) => known.has(p),
  };
}
