import { defineModule } from '../../platform/modules/manifest.ts';
import { authRoutes } from './auth.routes.ts';
import { purgeSessionsJob } from './auth.jobs.ts';
import { authMessages } from './auth.messages.ts';

/** Login, sessions, password changes and personal API tokens. */
export const authModule = defineModule({
  name: 'auth',
  routes: authRoutes,
  jobs: [purgeSessionsJob],
  messages: authMessages,
});
