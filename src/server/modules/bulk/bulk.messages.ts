import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The bulk module's server messages: why records were skipped, why a request or a job was refused. */
export const bulkMessages = {
  en: {
    'entity.bulk_job': 'Bulk job',
    'bulk.selection': 'Give either the selected ids or the list’s filter',
    'bulk.tooMany': 'The filter matches more than {max} records; narrow it down',
    'bulk.unknownAction': 'Unknown bulk action',
    'bulk.outOfScope': 'Not in your data scope, or deleted',
    'bulk.forbidden': 'You may not change it',
    'bulk.conflict': 'Changed by someone else meanwhile',
    'bulk.unchanged': 'Already so: nothing to change',
    'bulk.alreadyInPool': 'Already in the public pool',
    'bulk.tooManyTags': 'Already has {max} tags, the most a customer may carry',
    'bulk.starterInactive': 'The user who started it is disabled or deleted',
    'bulk.inputNoLongerValid': 'The owner or tag chosen can no longer be used',
  },
  'zh-CN': {
    'entity.bulk_job': '批量任务',
    'bulk.selection': '请提供所选记录的 ids 或列表的筛选条件（二选一）',
    'bulk.tooMany': '筛选结果超过 {max} 条，请缩小范围',
    'bulk.unknownAction': '未知的批量操作',
    'bulk.outOfScope': '不在您的数据范围内或已删除',
    'bulk.forbidden': '您无权修改',
    'bulk.conflict': '期间已被他人修改',
    'bulk.unchanged': '已是目标值，无需修改',
    'bulk.alreadyInPool': '已在公海中',
    'bulk.tooManyTags': '已有 {max} 个标签，达到上限',
    'bulk.starterInactive': '发起人已停用或删除',
    'bulk.inputNoLongerValid': '所选负责人或标签已不可用',
  },
} satisfies MessageCatalogue;
