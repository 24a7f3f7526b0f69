import { defineModule, type AuditTypesOf, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { mailingSendJob } from './mailings.jobs.ts';
import { mailingsMessages } from './mailings.messages.ts';
import { mailingPublicRoutes, mailingRoutes } from './mailings.routes.ts';

const permissions = {
  mailing: { actions: ['read', 'create', 'update', 'delete', 'send'], defaults: { marketing: 'all', manager: ['read'] } },
  suppression: { actions: ['read', 'create', 'delete'], defaults: { marketing: 'all', manager: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { mailing: 'entity.mailing', suppression: 'entity.suppression' } as const;

/** 邮件营销: mailings of campaigns with subject tests, tracking and unsubscribe, and the suppression list. */
export const mailingsModule = defineModule({
  name: 'mailings',
  routes: mailingRoutes,
  rootRoutes: mailingPublicRoutes,
  jobs: [mailingSendJob],
  permissions,
  messages: mailingsMessages,
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
