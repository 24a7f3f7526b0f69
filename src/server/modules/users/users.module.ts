import { defineModule, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { userRoutes } from './users.routes.ts';
import { usersMessages } from './users.messages.ts';

const permissions = {
  user: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: ['read'] } },
} as const;

/** Users and their accounts. */
export const usersModule = defineModule({
  name: 'users',
  routes: userRoutes,
  permissions,
  messages: usersMessages,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}
