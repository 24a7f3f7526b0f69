import { defineModule, type KindsOf } from '../../platform/modules/manifest.ts';
import { poolRoutes } from './pool.routes.ts';
import { poolReclaimJob } from './pool.jobs.ts';
import { poolMessages } from './pool.messages.ts';

const notificationKinds = ['customer.reclaim_warning', 'customer.reclaimed'] as const;

/** The public pool (公海) of customers and its reclaim rules. */
export const poolModule = defineModule({
  name: 'pool',
  routes: poolRoutes,
  jobs: [poolReclaimJob],
  messages: poolMessages,
  notificationKinds,
});

declare module '../../../contracts/notifications.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's kinds
  interface NotificationKindRegistry extends KindsOf<typeof notificationKinds> {}
}
