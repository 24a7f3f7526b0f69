import { ALL_PERMISSIONS, type Action, type BuiltinRoleKey, type DataScope, type Permission, type Resource } from '../../../contracts/access.ts';

export interface RoleDefaults {
  key: BuiltinRoleKey;
  name: string;
  description: string;
  permissions: Permission[];
  dataScope: DataScope;
  canViewSensitive: boolean;
}

/**
 * The five built-in roles as first installed. Admins may edit all but `admin` afterwards;
 * later modules add their permissions to these roles in their own migrations.
 */
export const BUILTIN_ROLES: RoleDefaults[] = [
  { key: 'admin', name: '系统管理员', description: '管理系统设置、组织架构、用户与权限，可查看全部数据', permissions: [...ALL_PERMISSIONS], dataScope: 'all', canViewSensitive: true },
  {
    key: 'manager',
    name: '销售经理',
    description: '管理本部门及下级部门的团队与数据',
    permissions: [
      ...crud('customer', 'export', 'assign'),
      ...crud('contact', 'export'),
      ...crud('lead', 'export', 'assign'),
      ...crud('follow_up', 'export'),
      ...crud('task', 'assign'),
      ...crud('feedback', 'export'),
      ...crud('product', 'export'),
      ...crud('opportunity', 'export', 'assign'),
      ...crud('quote'),
      ...crud('order', 'export'),
      ...crud('contract', 'export'),
      'user:read',
      'department:read',
      'role:read',
      'setting:read',
    ],
    dataScope: 'department',
    canViewSensitive: true,
  },
  {
    key: 'sales',
    name: '销售',
    description: '跟进自己负责的客户、线索与商机',
    permissions: ['customer:read', 'customer:create', 'customer:update', 'customer:export', ...crud('contact'), 'lead:read', 'lead:create', 'lead:update', ...crud('follow_up'), ...crud('task'), 'feedback:read', 'feedback:create', 'feedback:update', 'product:read', 'opportunity:read', 'opportunity:create', 'opportunity:update', ...crud('quote'), 'order:read', 'order:create', 'order:update', 'contract:read', 'contract:create', 'contract:update', 'department:read', 'setting:read'],
    dataScope: 'own',
    canViewSensitive: false,
  },
  {
    key: 'service',
    name: '客服',
    description: '处理投诉、售后回访与客户反馈',
    permissions: ['customer:read', 'contact:read', 'contact:update', 'follow_up:read', 'follow_up:create', 'follow_up:update', ...crud('task'), ...crud('feedback', 'export'), 'product:read', 'order:read', 'contract:read', 'department:read', 'setting:read'],
    dataScope: 'own',
    canViewSensitive: false,
  },
  {
    key: 'marketing',
    name: '市场',
    description: '策划营销活动、管理线索来源与活动效果',
    permissions: ['customer:read', 'customer:export', 'contact:read', ...crud('lead', 'export', 'assign'), 'follow_up:read', 'follow_up:create', ...crud('task'), 'feedback:read', 'product:read', 'opportunity:read', 'department:read', 'setting:read'],
    dataScope: 'department',
    canViewSensitive: false,
  },
];

/** read, create, update, delete (and the extra actions named) of one resource. */
function crud(resource: Resource, ...extra: Action[]): Permission[] {
  return (['read', 'create', 'update', 'delete', ...extra] as const).map((a): Permission => `${resource}:${a}`);
}

/** Permissions are stored sorted and without duplicates, so diffs in the audit log are stable. */
export function normalisePermissions(perms: readonly string[]): string[] {
  return [...new Set(perms)].sort();
}
