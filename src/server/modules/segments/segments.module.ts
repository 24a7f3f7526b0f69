import { defineModule, type AuditTypesOf, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { segmentsMessages } from './segments.messages.ts';
import { segmentRoutes } from './segments.routes.ts';

const permissions = {
  segment: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { marketing: 'all', manager: ['read', 'create', 'update', 'delete'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { segment: 'entity.segment' } as const;

/** 客户分群: dynamic segments and static lists over customers, contacts and leads. */
export const segmentsModule = defineModule({
  name: 'segments',
  routes: segmentRoutes,
  permissions,
  messages: segmentsMessages,
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
