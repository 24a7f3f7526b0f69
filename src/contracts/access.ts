import { z } from 'zod';

/**
 * The permission catalogue. A permission is `resource:action`. Later modules add their
 * resources here; the role editor and the policy layer both read this one list.
 */
export const RESOURCES = ['customer', 'contact', 'lead', 'follow_up', 'task', 'feedback', 'product', 'opportunity', 'quote', 'order', 'contract', 'user', 'department', 'role', 'audit', 'setting'] as const;
export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'assign'] as const;
export const DATA_SCOPES = ['own', 'department', 'all'] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type DataScope = (typeof DATA_SCOPES)[number];
export type Permission = `${Resource}:${Action}`;

/** Which actions make sense for which resource (the matrix the UI shows). */
export const RESOURCE_ACTIONS: Record<Resource, readonly Action[]> = {
  customer: ['read', 'create', 'update', 'delete', 'export', 'assign'],
  contact: ['read', 'create', 'update', 'delete', 'export'],
  lead: ['read', 'create', 'update', 'delete', 'export', 'assign'],
  // 跟进记录: visible with its customer (or lead); update/delete of one's own, or in scope.
  follow_up: ['read', 'create', 'update', 'delete', 'export'],
  // assign: give a task to someone else (in one's data scope).
  task: ['read', 'create', 'update', 'delete', 'assign'],
  feedback: ['read', 'create', 'update', 'delete', 'export'],
  // 产品: the catalogue everyone prices from; create/update/delete maintain it.
  product: ['read', 'create', 'update', 'delete', 'export'],
  // 商机: assign hands an opportunity to another owner (in one's data scope).
  opportunity: ['read', 'create', 'update', 'delete', 'export', 'assign'],
  // 报价单: seen with its opportunity.
  quote: ['read', 'create', 'update', 'delete'],
  // 订单: update covers the state machine, payments and shipping.
  order: ['read', 'create', 'update', 'delete', 'export'],
  // 合同 and its payment plan and payments (回款).
  contract: ['read', 'create', 'update', 'delete', 'export'],
  user: ['read', 'create', 'update', 'delete', 'export'],
  department: ['read', 'create', 'update', 'delete'],
  role: ['read', 'create', 'update', 'delete', 'assign'],
  audit: ['read', 'export'],
  // Shared lists and rules: industries, tags, numbering patterns, public-pool rules.
  setting: ['read', 'update'],
};

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) =>
  RESOURCE_ACTIONS[r].map((a): Permission => `${r}:${a}`),
);

export const permissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);

export const dataScopeSchema = z.enum(DATA_SCOPES);

export const BUILTIN_ROLE_KEYS = ['admin', 'manager', 'sales', 'service', 'marketing'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

export function isPermission(p: string): p is Permission {
  return (ALL_PERMISSIONS as string[]).includes(p);
}
