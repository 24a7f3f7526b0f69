import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { customerRoutes } from './customers.routes.ts';
import { customersMessages } from './customers.messages.ts';
import { customerSearch } from './customers.search.ts';

const permissions = {
  customer: { actions: ['read', 'create', 'update', 'delete', 'export', 'assign'], defaults: { manager: 'all', sales: ['read', 'create', 'update', 'export'], service: ['read'], marketing: ['read', 'export'] } },
} as const;
const timelineKinds = ['customer.created', 'customer.stage_changed', 'customer.owner_changed', 'customer.merged'] as const;
const notificationKinds = ['customer.assigned'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { customer: 'entity.customer' } as const;

/** Customers (客户): the records, their merge and duplicate checks, industries on them and the customer timeline entries of their own changes. */
export const customersModule = defineModule({
  name: 'customers',
  search: customerSearch,
  routes: customerRoutes,
  permissions,
  messages: customersMessages,
  timelineKinds,
  notificationKinds,
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

declare module '../../../contracts/notifications.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's kinds
  interface NotificationKindRegistry extends KindsOf<typeof notificationKinds> {}
}

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
