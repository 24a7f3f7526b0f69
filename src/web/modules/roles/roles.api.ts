import type { z } from 'zod';
import type { PermissionCatalogue } from '../../../contracts/access.ts';
import type { createRoleBody, Role, roleList, updateRoleBody } from '../../../contracts/roles.ts';
import { api } from '../../app/http.ts';

export type RoleList = z.infer<typeof roleList>;
export type CreateRoleBody = z.input<typeof createRoleBody>;
export type UpdateRoleBody = z.input<typeof updateRoleBody>;

export const rolesKeys = {
  all: ['roles'] as const,
  list: ['roles', 'list'] as const,
  // Not under 'roles': saving a role does not change the catalogue.
  catalogue: ['permission-catalogue'] as const,
  detail: (id: string) => ['roles', 'detail', id] as const,
};

export function listRoles(signal?: AbortSignal): Promise<RoleList> {
  return api('/roles', { signal });
}

/** The permission catalogue: resources and their actions, as the server's modules declare them. */
export function getPermissionCatalogue(signal?: AbortSignal): Promise<PermissionCatalogue> {
  return api('/roles/catalogue', { signal });
}

export function getRole(id: string, signal?: AbortSignal): Promise<Role> {
  return api(`/roles/${encodeURIComponent(id)}`, { signal });
}

export function createRole(body: CreateRoleBody): Promise<Role> {
  return api('/roles', { method: 'POST', body });
}

export function updateRole(id: string, body: UpdateRoleBody): Promise<Role> {
  return api(`/roles/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteRole(id: string): Promise<unknown> {
  return api(`/roles/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
