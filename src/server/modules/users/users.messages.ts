import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The users module's server messages (error details and the texts it writes). */
export const usersMessages = {
  en: {
    'entity.user': 'User',
    'validation.username': 'Only letters, digits, dot, underscore and hyphen',
    'duplicate.username': 'This username is already taken',
    'duplicate.email': 'This email is already used by another user',
    'user.deleteSelf': 'You cannot delete or disable your own account',
    'user.lastAdmin': 'At least one active administrator must remain',
    'user.outOfScope': 'Outside your data scope',
    'user.targetOutranks': 'This user’s role has rights that yours does not have; only someone with at least those rights can change this user',
  },
  'zh-CN': {
    'entity.user': '用户',
    'validation.username': '只能包含字母、数字、点、下划线和连字符',
    'duplicate.username': '该用户名已被使用',
    'duplicate.email': '该邮箱已被其他用户使用',
    'user.deleteSelf': '不能删除或停用自己的账号',
    'user.lastAdmin': '至少需要保留一名启用状态的管理员',
    'user.outOfScope': '超出您的数据范围',
    'user.targetOutranks': '该用户的角色拥有您没有的权限，只有具备这些权限的人才能修改该用户',
  },
} satisfies MessageCatalogue;
