import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The campaigns module's server messages (error details and the texts it writes). */
export const campaignsMessages = {
  en: {
    'entity.campaign': 'Campaign',
    'entity.campaignCost': 'Campaign cost',
    'campaign.transition': 'A campaign cannot go from {from} to {to}; allowed: {allowed}',
    'campaign.goalTargetRequired': 'Enter the target of the goal',
    'campaign.goalRequired': 'Choose what the target is for',
    'campaign.periodOrder': 'The end date is before the start date',
    'campaign.deleteOnlyUnused': 'Only a planned or cancelled campaign without costs can be deleted; this one is {status}: cancel it instead',
    'campaign.hasLeads': 'Leads came through this campaign: cancel it instead of deleting it',
  },
  'zh-CN': {
    'entity.campaign': '营销活动',
    'entity.campaignCost': '活动费用',
    'campaign.transition': '营销活动不能从 {from} 变为 {to}；可以变为：{allowed}',
    'campaign.goalTargetRequired': '请填写目标数值',
    'campaign.goalRequired': '请选择目标类型',
    'campaign.periodOrder': '结束日期早于开始日期',
    'campaign.deleteOnlyUnused': '只能删除没有费用的计划中或已取消的活动；该活动为 {status}，请改为取消',
    'campaign.hasLeads': '已有线索来自该活动，请改为取消而不是删除',
  },
} as const satisfies MessageCatalogue;
