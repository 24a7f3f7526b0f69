import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The mail module's server messages (error details and the texts it writes). */
export const mailMessages = {
  en: {
    'entity.mail': 'Mail',
  },
  'zh-CN': {
    'entity.mail': '邮件',
  },
} satisfies MessageCatalogue;
