import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The catalog module's server messages (error details and the texts it writes). */
export const catalogMessages = {
  en: {
    'entity.industry': 'Industry',
    'entity.tag': 'Tag',
    'duplicate.industryCode': 'An industry with this code already exists',
    'duplicate.tagName': 'A tag with this name already exists',
  },
  'zh-CN': {
    'entity.industry': '行业',
    'entity.tag': '标签',
    'duplicate.industryCode': '已有相同代码的行业',
    'duplicate.tagName': '已有同名标签',
  },
} satisfies MessageCatalogue;
