import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The leads module's server messages (error details and the texts it writes). */
export const leadsMessages = {
  en: {
    'entity.lead': 'Lead',
    'entity.assignmentRule': 'Assignment rule',
    'lead.converted': 'The lead has been converted; it can no longer change',
    'lead.reopenToConvert': 'A disqualified lead is reopened (set back to new) before it can be converted',
    'lead.convertThroughConversion': 'A lead becomes converted by converting it into a customer',
    'lead.transition': 'A lead cannot go from {from} to {to}; allowed: {allowed}',
    'lead.alreadyAssigned': 'The lead already has an owner; reassign it by hand',
    'assignment.noRuleMatched': 'No active assignment rule matches this lead, or nobody in the matching rules can take it',
    'assignment.duplicateMember': 'A member is listed twice',
    'assignment.memberOutsideDepartment': 'Every member must be an active user of the rule’s department (or below it) who may read leads',
  },
  'zh-CN': {
    'entity.lead': '线索',
    'entity.assignmentRule': '分配规则',
    'lead.converted': '该线索已转化，不能再修改',
    'lead.reopenToConvert': '无效线索需先重新打开（状态改回“新线索”）才能转化',
    'lead.convertThroughConversion': '请通过“转化为客户”来完成线索转化',
    'lead.transition': '线索状态不能从 {from} 变为 {to}，可变为：{allowed}',
    'lead.alreadyAssigned': '该线索已有负责人，请手动重新分配',
    'assignment.noRuleMatched': '没有匹配该线索的启用规则，或匹配规则中无人可接收',
    'assignment.duplicateMember': '成员重复',
    'assignment.memberOutsideDepartment': '成员须为规则所属部门（或其下级部门）中可查看线索的在职用户',
  },
} satisfies MessageCatalogue;
