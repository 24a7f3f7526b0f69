import type { z } from 'zod';
import type { createDepartmentBody, Department, updateDepartmentBody } from '../../../contracts/departments.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { departmentInScope, requirePermission, UNSCOPED } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import * as q from './departments.queries.ts';
import { wouldCreateCycle } from './departments.rules.ts';

function toDepartment(row: q.DepartmentRow): Department {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function auditView(row: Pick<q.DepartmentRow, 'name' | 'parentId' | 'managerId' | 'sortOrder'>) {
  return { name: row.name, parentId: row.parentId, managerId: row.managerId, sortOrder: row.sortOrder };
}

export async function listDepartments(deps: Deps, ctx: Ctx): Promise<Department[]> {
  requirePermission(ctx.actor, 'department', 'read');
  return (await q.listDepartments(deps.db, ctx.actor)).map(toDepartment);
}

export async function getDepartment(deps: Deps, ctx: Ctx, id: string): Promise<Department> {
  requirePermission(ctx.actor, 'department', 'read');
  const row = await q.findDepartment(deps.db, id, ctx.actor);
  if (!row) throw notFound('department');
  return toDepartment(row);
}

async function checkReferences(deps: Deps, ctx: Ctx, parentId: string | null | undefined, managerId: string | null | undefined) {
  const problems: ErrorDetail[] = [];
  if (parentId) {
    const parent = await q.findDepartment(deps.db, parentId, ctx.actor);
    if (!parent) problems.push({ path: 'parentId', key: 'NOT_FOUND', params: { entity: 'department' } });
  }
  if (managerId && !(await q.userExists(deps.db, managerId))) problems.push({ path: 'managerId', key: 'NOT_FOUND', params: { entity: 'user' } });
  return problems;
}

export async function createDepartment(deps: Deps, ctx: Ctx, input: z.infer<typeof createDepartmentBody>): Promise<Department> {
  requirePermission(ctx.actor, 'department', 'create');
  const parentId = input.parentId ?? null;
  // Outside scope `all`, new departments go below one the caller already sees.
  if (!departmentInScope(ctx.actor, parentId) && ctx.actor.dataScope !== 'all') {
    throw invalid([{ path: 'parentId', key: 'user.outOfScope' }]);
  }
  const problems = await checkReferences(deps, ctx, parentId, input.managerId);
  if (problems.length > 0) throw invalid(problems);
  if (await q.nameTaken(deps.db, input.name, parentId, null)) throw new AppError('DUPLICATE', { details: [{ path: 'name', key: 'duplicate.departmentName' }] });
  return deps.db.transaction(async (tx) => {
    const id = await q.insertDepartment(tx, {
      name: input.name,
      parentId,
      managerId: input.managerId ?? null,
      sortOrder: input.sortOrder ?? 0,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    // The row this transaction just wrote, re-read for the answer and the audit: no scope to apply.
    const row = await q.findDepartment(tx, id, UNSCOPED);
    if (!row) throw notFound('department');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'department', entityId: id, entityLabel: row.name, after: auditView(row) });
    return toDepartment(row);
  });
}

export async function updateDepartment(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateDepartmentBody>): Promise<Department> {
  requirePermission(ctx.actor, 'department', 'update');
  const before = await q.findDepartment(deps.db, id, ctx.actor);
  if (!before) throw notFound('department');
  const parentId = input.parentId === undefined ? before.parentId : input.parentId;
  if (input.parentId !== undefined) {
    if (parentId === null && ctx.actor.dataScope !== 'all') throw invalid([{ path: 'parentId', key: 'user.outOfScope' }]);
    if (wouldCreateCycle(id, parentId, await q.parentMap(deps.db))) throw businessRule('department.cycle');
  }
  const problems = await checkReferences(deps, ctx, input.parentId, input.managerId);
  if (problems.length > 0) throw invalid(problems);
  const name = input.name ?? before.name;
  if ((input.name !== undefined || input.parentId !== undefined) && (await q.nameTaken(deps.db, name, parentId, id))) {
    throw new AppError('DUPLICATE', { details: [{ path: 'name', key: 'duplicate.departmentName' }] });
  }
  return deps.db.transaction(async (tx) => {
    const values: q.DepartmentChanges = { updatedAt: ctx.now };
    if (input.name !== undefined) values.name = input.name;
    if (input.parentId !== undefined) values.parentId = input.parentId;
    if (input.managerId !== undefined) values.managerId = input.managerId;
    if (input.sortOrder !== undefined) values.sortOrder = input.sortOrder;
    if (!(await q.updateDepartment(tx, id, input.version, values))) throw versionConflict();
    // Re-read of the row just updated (checked in scope before the write).
    const after = await q.findDepartment(tx, id, UNSCOPED);
    if (!after) throw notFound('department');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'department', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return toDepartment(after);
  });
}

/** Soft delete of an empty department (no sub-departments, no users). */
export async function deleteDepartment(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'department', 'delete');
  const row = await q.findDepartment(deps.db, id, ctx.actor);
  if (!row) throw notFound('department');
  await deps.db.transaction(async (tx) => {
    if ((await q.childCount(tx, id)) > 0) throw businessRule('department.hasChildren');
    if (row.userCount > 0) throw businessRule('department.hasUsers', { count: row.userCount });
    await q.softDeleteDepartment(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'department', entityId: id, entityLabel: row.name, before: auditView(row) });
  });
}
