import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { authRoutes } from './auth.routes.ts';
import { purgeSessionsJob } from './auth.jobs.ts';
import { authMessages } from './auth.messages.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { apiToken: 'entity.token' } as const;

/** Login, sessions, password changes and personal API tokens. */
export const authModule = defineModule({
  name: 'auth',
  routes: authRoutes,
  jobs: [purgeSessionsJob],
  messages: authMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
