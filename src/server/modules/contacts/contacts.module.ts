import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { contactRoutes } from './contacts.routes.ts';
import { contactsMessages } from './contacts.messages.ts';
import { contactSearch } from './contacts.search.ts';

const permissions = {
  contact: { actions: ['read', 'create', 'update', 'delete', 'export'], defaults: { manager: 'all', sales: ['read', 'create', 'update', 'delete'], service: ['read', 'update'], marketing: ['read'] } },
} as const;
const timelineKinds = ['contact.added'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { contact: 'entity.contact' } as const;

/** Contacts (联系人) of customers. */
export const contactsModule = defineModule({
  name: 'contacts',
  search: contactSearch,
  routes: contactRoutes,
  permissions,
  messages: contactsMessages,
  timelineKinds,
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

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
