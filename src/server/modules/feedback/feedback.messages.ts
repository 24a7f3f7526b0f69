import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The feedback module's server messages (error details and the texts it writes). */
export const feedbackMessages = {
  en: {
    'entity.feedback': 'Feedback',
    'feedback.transition': 'Feedback cannot go from {from} to {to}; allowed: {allowed}',
    'feedback.outcomeRequired': 'Say how it was resolved before resolving or closing it',
  },
  'zh-CN': {
    'entity.feedback': '客户反馈',
    'feedback.transition': '反馈状态不能从 {from} 变为 {to}，可变为：{allowed}',
    'feedback.outcomeRequired': '请先填写处理结果，再标记为已解决或关闭',
  },
} satisfies MessageCatalogue;
