import { defineModule, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { auditRoutes } from './audit.routes.ts';
import { auditMessages } from './audit.messages.ts';

const permissions = {
  audit: { actions: ['read', 'export'], },
} as const;

/** The audit log (read-only). */
export const auditModule = defineModule({
  name: 'audit',
  routes: auditRoutes,
  permissions,
  messages: auditMessages,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}
