import { defineModule } from '../../platform/modules/manifest.ts';
import { exportRoutes } from './exports.routes.ts';

/** Spreadsheet exports. */
export const exportsModule = defineModule({
  name: 'exports',
  routes: exportRoutes,
});
