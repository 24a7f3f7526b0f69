import { defineModule, type PermissionsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { productRoutes } from './products.routes.ts';
import { productsMessages } from './products.messages.ts';

const permissions = {
  product: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read'], service: ['read'], marketing: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { product: 'entity.product' } as const;

/** Products (产品): the catalogue everyone prices from. */
export const productsModule = defineModule({
  name: 'products',
  routes: productRoutes,
  permissions,
  messages: productsMessages,
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
