import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The pool module's server messages (error details and the texts it writes). */
export const poolMessages = {
  en: {
    'pool.alreadyTaken': 'Someone else has just claimed this customer',
    'pool.dailyLimit': 'You have claimed {limit} customers from the pool today, the daily limit',
    'pool.maxOwned': 'You already own {limit} customers, the most one person may hold',
  },
  'zh-CN': {
    'pool.alreadyTaken': '该客户刚刚已被他人领取',
    'pool.dailyLimit': '今天已从公海领取 {limit} 个客户，达到每日上限',
    'pool.maxOwned': '您已拥有 {limit} 个客户，达到个人持有上限',
  },
} satisfies MessageCatalogue;
