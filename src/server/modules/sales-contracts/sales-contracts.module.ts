import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { contractRoutes } from './sales-contracts.routes.ts';
import { contractsDailyJob } from './sales-contracts.jobs.ts';
import { salesContractsMessages } from './sales-contracts.messages.ts';
import { contractSearch } from './sales-contracts.search.ts';

const permissions = {
  contract: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read', 'create', 'update'], service: ['read'] } },
} as const;
const timelineKinds = ['contract.created', 'contract.activated', 'contract.terminated', 'contract.expired', 'contract.payment_recorded', 'contract.payment_reversed'] as const;
const notificationKinds = ['contract.installment_overdue', 'contract.renewal_due'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { contract: 'entity.contract', contract_payment: 'entity.contractPayment' } as const;

/** Sales contracts (合同), their payment plan and payments (回款). */
export const salesContractsModule = defineModule({
  name: 'sales-contracts',
  search: contractSearch,
  routes: contractRoutes,
  jobs: [contractsDailyJob],
  permissions,
  messages: salesContractsMessages,
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
