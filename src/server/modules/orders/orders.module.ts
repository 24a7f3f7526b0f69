import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { orderRoutes } from './orders.routes.ts';
import { ordersMessages } from './orders.messages.ts';
import { orderSearch } from './orders.search.ts';

const permissions = {
  order: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read', 'create', 'update'], service: ['read'] } },
} as const;
const timelineKinds = ['order.created', 'order.status_changed', 'order.payment_recorded'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { order: 'entity.order' } as const;

/** Orders (订单); update covers the state machine, payments and shipping. */
export const ordersModule = defineModule({
  name: 'orders',
  search: orderSearch,
  routes: orderRoutes,
  permissions,
  messages: ordersMessages,
  timelineKinds,
  auditTypes,
});

declare module '../../../contracts/access.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's resources
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}

declare module '../../../contracts/timeline.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's kinds
  interface TimelineKindRegistry extends KindsOf<typeof timelineKinds> {}
}

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
