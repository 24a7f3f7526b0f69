import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { opportunityRoutes } from './opportunities.routes.ts';
import { opportunitiesMessages } from './opportunities.messages.ts';
import { opportunitySearch } from './opportunities.search.ts';

const permissions = {
  opportunity: { actions: ['read', 'create', 'update', 'delete', 'export', 'assign'], defaults: { manager: 'all', sales: ['read', 'create', 'update'], marketing: ['read'] } },
} as const;
const timelineKinds = ['opportunity.created', 'opportunity.stage_changed', 'opportunity.won', 'opportunity.lost'] as const;
const notificationKinds = ['opportunity.assigned'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { opportunity: 'entity.opportunity', pipeline_stage: 'entity.stage' } as const;

/** Opportunities (商机) and the pipeline stages; assign hands one to another owner. */
export const opportunitiesModule = defineModule({
  name: 'opportunities',
  search: opportunitySearch,
  routes: opportunityRoutes,
  permissions,
  messages: opportunitiesMessages,
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
