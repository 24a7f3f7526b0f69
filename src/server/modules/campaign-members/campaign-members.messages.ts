import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The campaign-members module's server messages. */
export const campaignMembersMessages = {
  en: { 'entity.campaignMember': 'Campaign member', 'campaign.segmentTooLarge': 'The segment selects more than {max} records: narrow it first' },
  'zh-CN': { 'entity.campaignMember': '活动成员', 'campaign.segmentTooLarge': '该分群超过 {max} 条记录，请先缩小范围' },
} as const satisfies MessageCatalogue;
