import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { importRoutes } from './imports.routes.ts';
import { importRunJob } from './imports.jobs.ts';
import { importsMessages } from './imports.messages.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { import: 'entity.import' } as const;

/** Spreadsheet imports. */
export const importsModule = defineModule({
  name: 'imports',
  routes: importRoutes,
  jobs: [importRunJob],
  messages: importsMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
