import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The followups module's server messages (error details and the texts it writes). */
export const followupsMessages = {
  en: {
    'entity.follow_up': 'Follow-up',
    'entity.followUpMethod': 'Follow-up method',
    'followUp.customerOrLead': 'A follow-up needs a customer or a lead',
    'followUp.leadNotOfCustomer': 'This lead does not belong to this customer',
    'followUp.happenedInFuture': 'A follow-up records what happened: the time cannot be in the future',
    'followUp.nextBeforeHappened': 'The next follow-up must come after this one',
    'validation.methodCode': 'Lower-case letters, digits and _ (2–30), starting with a letter',
    'duplicate.methodCode': 'A follow-up method with this code exists',
  },
  'zh-CN': {
    'entity.follow_up': '跟进记录',
    'entity.followUpMethod': '跟进方式',
    'followUp.customerOrLead': '跟进记录需要关联客户或线索',
    'followUp.leadNotOfCustomer': '该线索不属于此客户',
    'followUp.happenedInFuture': '跟进记录的是已发生的事，时间不能晚于现在',
    'followUp.nextBeforeHappened': '下次跟进时间必须晚于本次跟进时间',
    'validation.methodCode': '只能包含小写字母、数字和下划线（2–30 位），以字母开头',
    'duplicate.methodCode': '已存在此代码的跟进方式',
  },
} satisfies MessageCatalogue;
