import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { leadRoutes } from './leads.routes.ts';
import { leadSlaJob } from './leads.jobs.ts';
import { leadsMessages } from './leads.messages.ts';
import { leadSearch } from './leads.search.ts';

const permissions = {
  lead: { actions: ['read', 'create', 'update', 'delete', 'export', 'assign'], defaults: { manager: 'all', sales: ['read', 'create', 'update'], marketing: 'all' } },
} as const;
const timelineKinds = ['lead.converted'] as const;
const notificationKinds = ['lead.assigned', 'lead.sla_breached'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { lead: 'entity.lead', assignment_rule: 'entity.assignmentRule' } as const;

/** Leads (线索), their conversion and the assignment rules. */
export const leadsModule = defineModule({
  name: 'leads',
  search: leadSearch,
  routes: leadRoutes,
  jobs: [leadSlaJob],
  permissions,
  messages: leadsMessages,
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
