import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The tasks module's server messages (error details and the texts it writes). */
export const tasksMessages = {
  en: {
    'entity.task': 'Task',
  },
  'zh-CN': {
    'entity.task': '任务',
  },
} satisfies MessageCatalogue;
