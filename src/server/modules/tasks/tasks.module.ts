import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { taskRoutes } from './tasks.routes.ts';
import { taskRemindersJob } from './tasks.jobs.ts';
import { tasksMessages } from './tasks.messages.ts';

const permissions = {
  task: { actions: ['read', 'create', 'update', 'delete', 'assign'], defaults: { manager: 'all', sales: ['read', 'create', 'update', 'delete'], service: ['read', 'create', 'update', 'delete'], marketing: ['read', 'create', 'update', 'delete'] } },
} as const;
const timelineKinds = ['task.created', 'task.done', 'task.cancelled'] as const;
const notificationKinds = ['task.assigned', 'task.reminder'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { task: 'entity.task' } as const;

/** Tasks (任务) and their reminders; assign gives a task to someone else in one's data scope. */
export const tasksModule = defineModule({
  name: 'tasks',
  routes: taskRoutes,
  jobs: [taskRemindersJob],
  permissions,
  messages: tasksMessages,
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
