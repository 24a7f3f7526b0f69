import { defineModule } from '../../platform/modules/manifest.ts';
import { viewRoutes } from './views.routes.ts';
import { viewsMessages } from './views.messages.ts';

/** Saved views of lists. */
export const viewsModule = defineModule({
  name: 'views',
  routes: viewRoutes,
  messages: viewsMessages,
});
