import type { z } from 'zod';
import type { Resource } from '../../../contracts/access.ts';
import type { createViewBody, SavedView, updateViewBody } from '../../../contracts/views.ts';
import { isAdmin, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './views.queries.ts';

function toView(actor: Actor, row: q.ViewRow): SavedView {
  return {
    ...row,
    resource: row.resource as Resource,
    mine: row.ownerId === actor.userId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function auditView(row: Pick<q.ViewRow, 'name' | 'shared' | 'config' | 'resource'>) {
  return { resource: row.resource, name: row.name, shared: row.shared, config: row.config };
}

/**
 * Sharing puts a view in front of everyone who reads that list, so only those who see more than
 * their own records (data scope department or all) may share.
 */
function assertMayShare(actor: Actor): void {
  if (actor.dataScope === 'own' && !isAdmin(actor)) throw new AppError('FORBIDDEN', { key: 'view.shareNeedsScope' });
}

/** A view is seen through the list it belongs to: no view of a list one may not read. */
async function loadVisible(deps: Deps, ctx: Ctx, id: string): Promise<q.ViewRow> {
  const row = await q.findView(deps.db, id);
  if (!row || (!row.shared && row.ownerId !== ctx.actor.userId)) throw notFound('view');
  requirePermission(ctx.actor, row.resource as Resource, 'read');
  return row;
}

export async function listViews(deps: Deps, ctx: Ctx, resource: Resource): Promise<SavedView[]> {
  requirePermission(ctx.actor, resource, 'read');
  return (await q.listViews(deps.db, ctx.actor.userId, resource)).map((r) => toView(ctx.actor, r));
}

async function assertNameFree(deps: Deps, ctx: Ctx, resource: string, name: string, exceptId: string | null) {
  if (await q.nameTaken(deps.db, ctx.actor.userId, resource, name, exceptId)) {
    throw new AppError('DUPLICATE', { details: [{ path: 'name', key: 'duplicate.viewName' }] });
  }
}

export async function createView(deps: Deps, ctx: Ctx, input: z.infer<typeof createViewBody>): Promise<SavedView> {
  requirePermission(ctx.actor, input.resource, 'read');
  if (input.shared) assertMayShare(ctx.actor);
  await assertNameFree(deps, ctx, input.resource, input.name, null);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertView(tx, {
      userId: ctx.actor.userId,
      resource: input.resource,
      name: input.name,
      shared: input.shared,
      config: input.config,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const row = await q.findView(tx, id);
    if (!row) throw notFound('view');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'savedView', entityId: id, entityLabel: row.name, after: auditView(row) });
    return toView(ctx.actor, row);
  });
}

/** Only the owner edits a view; others may copy a shared one under their own name. */
export async function updateView(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateViewBody>): Promise<SavedView> {
  const before = await loadVisible(deps, ctx, id);
  if (before.ownerId !== ctx.actor.userId) throw new AppError('FORBIDDEN');
  if (input.shared) assertMayShare(ctx.actor);
  if (input.name !== undefined) await assertNameFree(deps, ctx, before.resource, input.name, id);
  return deps.db.transaction(async (tx) => {
    const values: q.ViewChanges = { updatedAt: ctx.now };
    if (input.name !== undefined) values.name = input.name;
    if (input.shared !== undefined) values.shared = input.shared;
    if (input.config !== undefined) values.config = input.config;
    if (!(await q.updateView(tx, id, input.version, values))) throw versionConflict();
    const after = await q.findView(tx, id);
    if (!after) throw notFound('view');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'savedView', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return toView(ctx.actor, after);
  });
}

/** The owner deletes their view; an admin may remove a shared view that misleads the team. */
export async function deleteView(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const row = await loadVisible(deps, ctx, id);
  if (row.ownerId !== ctx.actor.userId && !isAdmin(ctx.actor)) throw new AppError('FORBIDDEN');
  await deps.db.transaction(async (tx) => {
    await q.deleteView(tx, id);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'savedView', entityId: id, entityLabel: row.name, before: auditView(row) });
  });
}
