import { defineModule, type AuditTypesOf, type PermissionsOf } from '../../platform/modules/manifest.ts';
import { leadFormsMessages } from './lead-forms.messages.ts';
import { leadFormPublicRoutes, leadFormRoutes } from './lead-forms.routes.ts';

const permissions = {
  lead_form: { actions: ['read', 'create', 'update', 'delete'], defaults: { marketing: 'all', manager: ['read'] } },
} as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { lead_form: 'entity.leadForm' } as const;

/** 表单获客: web-to-lead forms, public at /f/<slug>, whose submissions become leads. */
export const leadFormsModule = defineModule({
  name: 'lead-forms',
  routes: leadFormRoutes,
  rootRoutes: leadFormPublicRoutes,
  permissions,
  messages: leadFormsMessages,
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
