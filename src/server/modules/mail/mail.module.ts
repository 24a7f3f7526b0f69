import { defineModule } from '../../platform/modules/manifest.ts';
import { mailRoutes } from './mail.routes.ts';
import { mailMessages } from './mail.messages.ts';

/** The mail outbox API (delivery is the platform's mail.send job). */
export const mailModule = defineModule({
  name: 'mail',
  routes: mailRoutes,
  messages: mailMessages,
});
