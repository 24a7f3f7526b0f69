import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { attachmentRoutes } from './attachments.routes.ts';
import { sweepAttachmentsJob } from './attachments.jobs.ts';
import { attachmentsMessages } from './attachments.messages.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { attachment: 'entity.attachment' } as const;

/** Attachments (files on records). */
export const attachmentsModule = defineModule({
  name: 'attachments',
  routes: attachmentRoutes,
  jobs: [sweepAttachmentsJob],
  messages: attachmentsMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
