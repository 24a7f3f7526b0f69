import { defineModule } from '../../platform/modules/manifest.ts';
import { numberingRoutes } from './numbering.routes.ts';
import { numberingMessages } from './numbering.messages.ts';

/** Number patterns of customers, leads and documents. */
export const numberingModule = defineModule({
  name: 'numbering',
  routes: numberingRoutes,
  messages: numberingMessages,
});
