import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The roles module's server messages (error details and the texts it writes). */
export const rolesMessages = {
  en: {
    'entity.role': 'Role',
    'duplicate.roleName': 'A role with this name already exists',
    'role.builtinDelete': 'Built-in roles cannot be deleted',
    'role.inUse': 'The role is still assigned to {count} users',
    'role.adminImmutable': 'The permissions, data scope and sensitive-field right of the admin role cannot be changed',
    'role.escalation': 'You cannot grant permissions, a data scope or rights that you do not have yourself',
  },
  'zh-CN': {
    'entity.role': '角色',
    'duplicate.roleName': '已有同名角色',
    'role.builtinDelete': '内置角色不能删除',
    'role.inUse': '该角色仍分配给 {count} 名用户',
    'role.adminImmutable': '管理员角色的权限、数据范围和敏感字段权限不能修改',
    'role.escalation': '不能授予超出您自身的权限、数据范围或敏感字段权限',
  },
} satisfies MessageCatalogue;
