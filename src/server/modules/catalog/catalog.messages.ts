import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The catalog module's server messages (error details and the texts it writes). */
export const catalogMessages = {
  en: {
    'entity.industry': 'Industry',
    'entity.tag': 'Tag',
    'duplicate.industryCode': 'An industry with this code already exists',
    'duplicate.tagName': 'A tag with this name already exists',
    'entity.sourceChannel': 'Source channel',
    'duplicate.channelKey': 'A source channel with this key already exists',
    'duplicate.channelName': 'A source channel with this name already exists',
    'sourceChannel.lastActive': 'At least one source channel must stay in use',
  },
  'zh-CN': {
    'entity.industry': '行业',
    'entity.tag': '标签',
    'duplicate.industryCode': '已有相同代码的行业',
    'duplicate.tagName': '已有同名标签',
    'entity.sourceChannel': '来源渠道',
    'duplicate.channelKey': '已有相同标识的来源渠道',
    'duplicate.channelName': '已有同名的来源渠道',
    'sourceChannel.lastActive': '至少要保留一个启用的来源渠道',
  },
} satisfies MessageCatalogue;
