import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The contacts module's server messages (error details and the texts it writes). */
export const contactsMessages = {
  en: {
    'entity.contact': 'Contact',
  },
  'zh-CN': {
    'entity.contact': '联系人',
  },
} satisfies MessageCatalogue;
