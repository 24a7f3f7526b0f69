import { defineModule, type KindsOf } from '../../platform/modules/manifest.ts';
import { bulkRunJob } from './bulk.jobs.ts';
import { bulkMessages } from './bulk.messages.ts';
import { bulkRoutes } from './bulk.routes.ts';

const notificationKinds = ['bulk.customers_done', 'bulk.leads_done', 'bulk.failed', 'bulk.customers_assigned', 'bulk.leads_assigned'] as const;

/**
 * Bulk actions on the customer and lead lists. No permission of its own: each action needs the
 * permission of its single-record action, and each record is checked as that action checks it.
 */
export const bulkModule = defineModule({
  name: 'bulk',
  routes: bulkRoutes,
  jobs: [bulkRunJob],
  messages: bulkMessages,
  notificationKinds,
});

declare module '../../../contracts/notifications.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's kinds
  interface NotificationKindRegistry extends KindsOf<typeof notificationKinds> {}
}
