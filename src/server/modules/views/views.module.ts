import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { viewRoutes } from './views.routes.ts';
import { viewsMessages } from './views.messages.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { savedView: 'entity.view' } as const;

/** Saved views of lists. */
export const viewsModule = defineModule({
  name: 'views',
  routes: viewRoutes,
  messages: viewsMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
