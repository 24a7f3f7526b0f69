import { defineModule, type PermissionsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { departmentRoutes } from './departments.routes.ts';
import { departmentsMessages } from './departments.messages.ts';

const permissions = {
  department: { actions: ['read', 'create', 'update', 'delete'], defaults: { manager: ['read'], sales: ['read'], service: ['read'], marketing: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { department: 'entity.department' } as const;

/** The department tree. */
export const departmentsModule = defineModule({
  name: 'departments',
  routes: departmentRoutes,
  permissions,
  messages: departmentsMessages,
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
