import { defineModule, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { productRoutes } from './products.routes.ts';
import { productsMessages } from './products.messages.ts';

const permissions = {
  product: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read'], service: ['read'], marketing: ['read'] } },
} as const;

/** Products (产品): the catalogue everyone prices from. */
export const productsModule = defineModule({
  name: 'products',
  routes: productRoutes,
  permissions,
  messages: productsMessages,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}
