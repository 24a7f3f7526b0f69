import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The opportunities module's server messages (error details and the texts it writes). */
export const opportunitiesMessages = {
  en: {
    'entity.opportunity': 'Opportunity',
    'entity.stage': 'Pipeline stage',
    'stage.retired': 'This stage is retired',
    'stage.reasonRequired': 'Say why the deal was won or lost',
    'stage.noOpenStage': 'The pipeline has no open stage: ask an administrator',
    'stage.afterClosed': 'Open stages come before won and lost: at most {max}',
    'stage.closedProbability': 'Won is always 100% and lost 0%',
    'stage.closedStays': 'The won and lost stages stay at the end of the pipeline',
    'stage.notEmpty': '{count} opportunities are in this stage: move them before retiring it',
    'opportunity.amountRequired': 'Enter the amount or add line items',
    'opportunity.amountFromItems': 'The amount is the total of the line items: change the items',
    'opportunity.closedProbability': 'A won or lost deal keeps its probability: move it to an open stage first',
    'opportunity.leadOfOtherCustomer': 'This lead was converted to another customer',
  },
  'zh-CN': {
    'entity.opportunity': '商机',
    'entity.stage': '销售阶段',
    'stage.retired': '该阶段已停用',
    'stage.reasonRequired': '请填写赢单或输单原因',
    'stage.noOpenStage': '销售流程中没有进行中的阶段，请联系管理员',
    'stage.afterClosed': '进行中的阶段须排在赢单和输单之前：排序最大为 {max}',
    'stage.closedProbability': '赢单固定为 100%，输单固定为 0%',
    'stage.closedStays': '赢单和输单阶段固定在销售流程末尾',
    'stage.notEmpty': '该阶段还有 {count} 个商机，请先移走再停用',
    'opportunity.amountRequired': '请填写金额或添加产品明细',
    'opportunity.amountFromItems': '金额由产品明细合计得出，请修改明细',
    'opportunity.closedProbability': '已赢单或输单的商机不能修改赢率，请先移回进行中的阶段',
    'opportunity.leadOfOtherCustomer': '该线索已转化为其他客户',
  },
} satisfies MessageCatalogue;
