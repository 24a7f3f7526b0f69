import type { BuiltinRoleKey, DataScope } from '../../../contracts/access.ts';

export interface RoleDefaults {
  key: BuiltinRoleKey;
  name: string;
  description: string;
  permissions: string[];
  dataScope: DataScope;
  canViewSensitive: boolean;
}

/**
 * The five built-in roles as first installed. Their permissions come from the module manifests
 * (each resource names which built-in roles get which actions; admin gets every one). Admins may
 * edit all but `admin` afterwards.
 */
export const BUILTIN_ROLES: readonly Omit<RoleDefaults, 'permissions'>[] = [
  { key: 'admin', name: '系统管理员', description: '管理系统设置、组织架构、用户与权限，可查看全部数据', dataScope: 'all', canViewSensitive: true },
  { key: 'manager', name: '销售经理', description: '管理本部门及下级部门的团队与数据', dataScope: 'department', canViewSensitive: true },
  { key: 'sales', name: '销售', description: '跟进自己负责的客户、线索与商机', dataScope: 'own', canViewSensitive: false },
  { key: 'service', name: '客服', description: '处理投诉、售后回访与客户反馈', dataScope: 'own', canViewSensitive: false },
  { key: 'marketing', name: '市场', description: '策划营销活动、管理线索来源与活动效果', dataScope: 'department', canViewSensitive: false },
];

/** The built-in roles with the permissions the manifests give them on a fresh install. */
export function builtinRoleDefaults(permissionsByRole: Readonly<Record<BuiltinRoleKey, readonly string[]>>): RoleDefaults[] {
  return BUILTIN_ROLES.map((r) => ({ ...r, permissions: normalisePermissions(permissionsByRole[r.key]) }));
}

/**
 * What the catalogue sync gives a built-in role: the permissions it has never seen before that the
 * manifests give this role by default. Seen ones are never given again, so a right an admin took
 * away stays away.
 */
export function newDefaultsFor(roleDefaults: readonly string[], unseen: ReadonlySet<string>): string[] {
  return roleDefaults.filter((p) => unseen.has(p));
}

/** Permissions are stored sorted and without duplicates, so diffs in the audit log are stable. */
export function normalisePermissions(perms: readonly string[]): string[] {
  return [...new Set(perms)].sort();
}
