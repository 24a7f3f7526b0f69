import type { z } from 'zod';
import type { createRoleBody, Role, updateRoleBody } from '../../../contracts/roles.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { canGrant, requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './roles.queries.ts';
import { normalisePermissions } from './roles.rules.ts';

function toRole(row: q.RoleRow): Role {
  return {
    ...row,
    permissions: normalisePermissions(row.permissions),
    builtin: row.key !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function auditView(row: Pick<q.RoleRow, 'name' | 'description' | 'permissions' | 'dataScope' | 'canViewSensitive'>) {
  return {
    name: row.name,
    description: row.description,
    permissions: normalisePermissions(row.permissions),
    dataScope: row.dataScope,
    canViewSensitive: row.canViewSensitive,
  };
}

export async function listRoles(deps: Deps, ctx: Ctx): Promise<Role[]> {
  requirePermission(ctx.actor, 'role', 'read');
  return (await q.listRoles(deps.db)).map(toRole);
}

export async function getRole(deps: Deps, ctx: Ctx, id: string): Promise<Role> {
  requirePermission(ctx.actor, 'role', 'read');
  const row = await q.findRole(deps.db, id);
  if (!row) throw notFound('role');
  return toRole(row);
}

async function assertNameFree(deps: Deps, name: string, exceptId: string | null) {
  if (await q.nameTaken(deps.db, name, exceptId)) throw new AppError('DUPLICATE', { details: [{ path: 'name', key: 'duplicate.roleName' }] });
}

export async function createRole(deps: Deps, ctx: Ctx, input: z.infer<typeof createRoleBody>): Promise<Role> {
  requirePermission(ctx.actor, 'role', 'create');
  const permissions = normalisePermissions(input.permissions);
  if (!canGrant(ctx.actor, { key: null, permissions, dataScope: input.dataScope, canViewSensitive: input.canViewSensitive })) {
    throw new AppError('FORBIDDEN', { key: 'role.escalation' });
  }
  await assertNameFree(deps, input.name, null);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertRole(tx, {
      name: input.name,
      description: input.description ?? null,
      permissions,
      dataScope: input.dataScope,
      canViewSensitive: input.canViewSensitive,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const row = await q.findRole(tx, id);
    if (!row) throw notFound('role');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'role', entityId: id, entityLabel: row.name, after: auditView(row) });
    return toRole(row);
  });
}

export async function updateRole(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateRoleBody>): Promise<Role> {
  requirePermission(ctx.actor, 'role', 'update');
  const before = await q.findRole(deps.db, id);
  if (!before) throw notFound('role');
  const touchesRights = input.permissions !== undefined || input.dataScope !== undefined || input.canViewSensitive !== undefined;
  // The admin role is the way back in: its rights are fixed so nobody can lock everyone out.
  if (before.key === 'admin' && touchesRights) throw businessRule('role.adminImmutable');
  const next = {
    key: before.key,
    permissions: input.permissions ? normalisePermissions(input.permissions) : before.permissions,
    dataScope: input.dataScope ?? before.dataScope,
    canViewSensitive: input.canViewSensitive ?? before.canViewSensitive,
  };
  if (!canGrant(ctx.actor, before) || !canGrant(ctx.actor, next)) throw new AppError('FORBIDDEN', { key: 'role.escalation' });
  if (input.name !== undefined) await assertNameFree(deps, input.name, id);
  return deps.db.transaction(async (tx) => {
    const values: q.RoleChanges = { updatedAt: ctx.now };
    if (input.name !== undefined) values.name = input.name;
    if (input.description !== undefined) values.description = input.description;
    if (input.permissions !== undefined) values.permissions = next.permissions;
    if (input.dataScope !== undefined) values.dataScope = input.dataScope;
    if (input.canViewSensitive !== undefined) values.canViewSensitive = input.canViewSensitive;
    if (!(await q.updateRole(tx, id, input.version, values))) throw versionConflict();
    const after = await q.findRole(tx, id);
    if (!after) throw notFound('role');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'role', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return toRole(after);
  });
}

export async function deleteRole(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'role', 'delete');
  const row = await q.findRole(deps.db, id);
  if (!row) throw notFound('role');
  if (row.key !== null) throw businessRule('role.builtinDelete');
  if (!canGrant(ctx.actor, row)) throw new AppError('FORBIDDEN', { key: 'role.escalation' });
  await deps.db.transaction(async (tx) => {
    const inUse = await q.usersWithRole(tx, id);
    if (inUse > 0) throw businessRule('role.inUse', { count: inUse });
    await q.deleteRole(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'role', entityId: id, entityLabel: row.name, before: auditView(row) });
  });
}
