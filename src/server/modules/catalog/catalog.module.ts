import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { catalogMessages } from './catalog.messages.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { industry: 'entity.industry', tag: 'entity.tag', source_channel: 'entity.sourceChannel' } as const;

/** Shared lists: industries and tags. */
export const catalogModule = defineModule({
  name: 'catalog',
  routes: catalogRoutes,
  messages: catalogMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
