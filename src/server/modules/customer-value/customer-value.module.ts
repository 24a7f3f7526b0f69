import { defineModule } from '../../platform/modules/manifest.ts';
import { rfmChangedJob, rfmNightlyJob } from './customer-value.jobs.ts';
import { customerValueRoutes } from './customer-value.routes.ts';

/** 客户价值分层: RFM classes of customers, their history and settings (guarded by customer and setting permissions). */
export const customerValueModule = defineModule({
  name: 'customer-value',
  routes: customerValueRoutes,
  jobs: [rfmNightlyJob, rfmChangedJob],
});
