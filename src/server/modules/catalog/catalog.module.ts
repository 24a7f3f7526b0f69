import { defineModule } from '../../platform/modules/manifest.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { catalogMessages } from './catalog.messages.ts';

/** Shared lists: industries and tags. */
export const catalogModule = defineModule({
  name: 'catalog',
  routes: catalogRoutes,
  messages: catalogMessages,
});
