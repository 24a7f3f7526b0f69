import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The auth module's server messages (error details and the texts it writes). */
export const authMessages = {
  en: {
    'entity.token': 'API token',
    'password.sameAsCurrent': 'Must differ from the current password',
    'password.currentWrong': 'The current password is wrong',
    'auth.tooManyAttempts': 'Too many login attempts from your network; try again in {seconds} seconds',
    'token.lifetimeAdminOnly': 'Only an administrator may create a token valid for more than {days} days or without an end',
  },
  'zh-CN': {
    'entity.token': 'API 令牌',
    'password.sameAsCurrent': '新密码不能与当前密码相同',
    'password.currentWrong': '当前密码不正确',
    'auth.tooManyAttempts': '您所在网络的登录尝试过于频繁，请 {seconds} 秒后再试',
    'token.lifetimeAdminOnly': '只有管理员可以创建有效期超过 {days} 天或永不过期的令牌',
  },
} satisfies MessageCatalogue;
