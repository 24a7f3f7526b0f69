import { defineModule } from '../../platform/modules/manifest.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { notificationsMessages } from './notifications.messages.ts';

/** In-app notifications and their live stream; the kinds belong to the modules that send them. */
export const notificationsModule = defineModule({
  name: 'notifications',
  routes: notificationRoutes,
  messages: notificationsMessages,
});
