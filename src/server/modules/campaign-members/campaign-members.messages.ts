import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The campaign-members module's server messages. */
export const campaignMembersMessages = {
  en: { 'entity.campaignMember': 'Campaign member' },
  'zh-CN': { 'entity.campaignMember': '活动成员' },
} as const satisfies MessageCatalogue;
