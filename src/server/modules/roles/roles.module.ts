import { defineModule, type PermissionsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { roleRoutes } from './roles.routes.ts';
import { rolesMessages } from './roles.messages.ts';

const permissions = {
  role: { actions: ['read', 'create', 'update', 'delete', 'assign'], defaults: { manager: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { role: 'entity.role' } as const;

/** Roles, their permissions and data scope, and the permission catalogue. */
export const rolesModule = defineModule({
  name: 'roles',
  routes: roleRoutes,
  permissions,
  messages: rolesMessages,
  auditTypes,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
