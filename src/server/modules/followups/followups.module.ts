import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { followUpRoutes } from './followups.routes.ts';
import { dailyDigestJob } from './followups.jobs.ts';
import { followupsMessages } from './followups.messages.ts';

const permissions = {
  follow_up: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read', 'create', 'update', 'delete'], service: ['read', 'create', 'update'], marketing: ['read', 'create'] } },
} as const;
const timelineKinds = ['follow_up.logged'] as const;
const notificationKinds = ['followup.digest'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { follow_up: 'entity.follow_up', follow_up_method: 'entity.followUpMethod' } as const;

/** Follow-ups (跟进记录), their methods and the daily digest. */
export const followupsModule = defineModule({
  name: 'followups',
  routes: followUpRoutes,
  jobs: [dailyDigestJob],
  permissions,
  messages: followupsMessages,
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
