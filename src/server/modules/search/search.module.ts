import { defineModule } from '../../platform/modules/manifest.ts';
import { searchRoutes } from './search.routes.ts';

/**
 * 全局搜索: the header's search across kinds. It knows no kind itself: each module that has
 * records worth finding declares a `search` source in its manifest.
 */
export const searchModule = defineModule({
  name: 'search',
  routes: searchRoutes,
});
