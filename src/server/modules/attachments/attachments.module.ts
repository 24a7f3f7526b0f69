import { defineModule } from '../../platform/modules/manifest.ts';
import { attachmentRoutes } from './attachments.routes.ts';
import { sweepAttachmentsJob } from './attachments.jobs.ts';
import { attachmentsMessages } from './attachments.messages.ts';

/** Attachments (files on records). */
export const attachmentsModule = defineModule({
  name: 'attachments',
  routes: attachmentRoutes,
  jobs: [sweepAttachmentsJob],
  messages: attachmentsMessages,
});
