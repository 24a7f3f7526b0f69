import type { Action, DataScope, Resource } from '../../../contracts/access.ts';

/** Who is calling: the user, their role's rights, and their department subtree. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roleId: string;
  roleKey: string | null;
  permissions: ReadonlySet<string>;
  dataScope: DataScope;
  canViewSensitive: boolean;
  departmentId: string | null;
  /** The actor's department and all its sub-departments (empty without a department). */
  departmentIds: readonly string[];
  mustChangePassword: boolean;
  via: 'session' | 'token';
  sessionId: string | null;
  tokenId: string | null;
}

/** Everything a use case needs to know about the call besides its input. */
export interface Ctx {
  actor: Actor;
  ip: string | null;
  now: Date;
}

export function isAdmin(actor: Pick<Actor, 'roleKey'>): boolean {
  return actor.roleKey === 'admin';
}

export function can(actor: Pick<Actor, 'roleKey' | 'permissions'>, resource: Resource, action: Action): boolean {
  return isAdmin(actor) || actor.permissions.has(`${resource}:${action}`);
}
