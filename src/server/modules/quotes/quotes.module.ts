import { defineModule, type PermissionsOf, type KindsOf, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { quoteRoutes } from './quotes.routes.ts';
import { expireQuotesJob } from './quotes.jobs.ts';
import { quotesMessages } from './quotes.messages.ts';
import { quoteSearch } from './quotes.search.ts';

const permissions = {
  quote: { actions: ['read', 'create', 'update', 'delete'], defaults: { manager: 'all', sales: 'all' } },
} as const;
const timelineKinds = ['quote.created', 'quote.sent', 'quote.accepted', 'quote.rejected', 'quote.expired'] as const;

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { quote: 'entity.quote' } as const;

/** Quotes (报价单), seen with their opportunity. */
export const quotesModule = defineModule({
  name: 'quotes',
  search: quoteSearch,
  routes: quoteRoutes,
  jobs: [expireQuotesJob],
  permissions,
  messages: quotesMessages,
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
