import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { feedbackMessages } from './feedback.messages.ts';

const permissions = {
  feedback: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read', 'create', 'update'], service: 'all', marketing: ['read'] } },
} as const;
const timelineKinds = ['feedback.created', 'feedback.status_changed'] as const;
const notificationKinds = ['feedback.assigned'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { feedback: 'entity.feedback' } as const;

/** Customer feedback (客户反馈): complaints, suggestions and their handling. */
export const feedbackModule = defineModule({
  name: 'feedback',
  routes: feedbackRoutes,
  permissions,
  messages: feedbackMessages,
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
