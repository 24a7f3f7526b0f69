import { defineModule } from '../../platform/modules/manifest.ts';
import { timelineRoutes } from './timeline.routes.ts';
import { timelineMessages } from './timeline.messages.ts';

/** Reads the customer timeline; the kinds belong to the modules that publish them. */
export const timelineModule = defineModule({
  name: 'timeline',
  routes: timelineRoutes,
  messages: timelineMessages,
});
