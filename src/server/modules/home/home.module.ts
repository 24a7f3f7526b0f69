import { defineModule } from '../../platform/modules/manifest.ts';
import { homeRoutes } from './home.routes.ts';

/**
 * 工作台 figures: a manager's team at a glance. It owns no records and no permissions: each figure
 * is read through the owning module's scope rule and needs that module's read permission.
 */
export const homeModule = defineModule({
  name: 'home',
  routes: homeRoutes,
});
