import { defineModule } from '../../platform/modules/manifest.ts';
import { importRoutes } from './imports.routes.ts';
import { importRunJob } from './imports.jobs.ts';
import { importsMessages } from './imports.messages.ts';

/** Spreadsheet imports. */
export const importsModule = defineModule({
  name: 'imports',
  routes: importRoutes,
  jobs: [importRunJob],
  messages: importsMessages,
});
