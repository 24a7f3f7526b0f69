import { defineModule, type PermissionsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { userRoutes } from './users.routes.ts';
import { usersMessages } from './users.messages.ts';

const permissions = {
  user: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { user: 'entity.user' } as const;

/** Users and their accounts. */
export const usersModule = defineModule({
  name: 'users',
  routes: userRoutes,
  permissions,
  messages: usersMessages,
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
