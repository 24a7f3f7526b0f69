import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The notifications module's server messages (error details and the texts it writes). */
export const notificationsMessages = {
  en: {
    'entity.notification': 'Notification',
  },
  'zh-CN': {
    'entity.notification': '通知',
  },
} satisfies MessageCatalogue;
