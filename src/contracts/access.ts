import { z } from 'zod';

/**
 * Permissions are `resource:action`. The resources are declared by the server's modules, each in
 * its manifest (`modules/<name>/<name>.module.ts`), which also adds them to `PermissionRegistry`
 * below, so `Resource` and `Permission` are checked at compile time on both sides while the
 * catalogue itself (which resource has which actions) comes from the API at run time
 * (`GET /api/v1/roles/catalogue`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in the manifests
export interface PermissionRegistry {}

/** The vocabulary of actions, in the order the role editor shows its columns. */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'assign', 'send'] as const;
export const DATA_SCOPES = ['own', 'department', 'all'] as const;

export type Resource = Extract<keyof PermissionRegistry, string>;
export type Action = (typeof ACTIONS)[number];
export type DataScope = (typeof DATA_SCOPES)[number];
export type Permission = { [R in Resource]: `${R}:${PermissionRegistry[R] & string}` }[Resource];

/** The shape of a permission; whether it exists is checked against the server's catalogue. */
export const permissionSchema = z.string().regex(/^[a-z][a-z_]*:[a-z]+$/).max(60);

export const dataScopeSchema = z.enum(DATA_SCOPES);

export const BUILTIN_ROLE_KEYS = ['admin', 'manager', 'sales', 'service', 'marketing'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

/** The permission catalogue as the API serves it: resources in the role editor's order. */
export const permissionCatalogue = z
  .object({
    resources: z.array(z.object({ resource: z.string(), actions: z.array(z.enum(ACTIONS)) })),
  })
  .meta({ id: 'PermissionCatalogue' });
export type PermissionCatalogue = z.infer<typeof permissionCatalogue>;
