import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The audit module's server messages (error details and the texts it writes). */
export const auditMessages = {
  en: {
    'entity.auditEntry': 'Audit entry',
  },
  'zh-CN': {
    'entity.auditEntry': '日志',
  },
} satisfies MessageCatalogue;
