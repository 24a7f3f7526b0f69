import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The timeline module's server messages (error details and the texts it writes). */
export const timelineMessages = {
  en: {
    'validation.timelineKinds': 'Kinds are comma-separated names such as follow_up,task',
  },
  'zh-CN': {
    'validation.timelineKinds': '类型用逗号分隔，例如 follow_up,task',
  },
} satisfies MessageCatalogue;
