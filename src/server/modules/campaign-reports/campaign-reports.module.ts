import { defineModule } from '../../platform/modules/manifest.ts';
import { campaignReportRoutes } from './campaign-reports.routes.ts';

/**
 * 活动报告: each campaign's results against its cost, and campaigns compared (guarded by the
 * campaigns' permissions; read-only, so no audit types or messages of its own).
 */
export const campaignReportsModule = defineModule({
  name: 'campaign-reports',
  routes: campaignReportRoutes,
});
