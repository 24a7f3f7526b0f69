import { defineModule, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { departmentRoutes } from './departments.routes.ts';
import { departmentsMessages } from './departments.messages.ts';

const permissions = {
  department: { actions: ['read', 'create', 'update', 'delete'], defaults: { manager: ['read'], sales: ['read'], service: ['read'], marketing: ['read'] } },
} as const;

/** The department tree. */
export const departmentsModule = defineModule({
  name: 'departments',
  routes: departmentRoutes,
  permissions,
  messages: departmentsMessages,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}
