import type { z } from 'zod';
import type { createFollowUpMethodBody, FollowUpMethod, updateFollowUpMethodBody } from '../../../contracts/followups.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './followups.queries.ts';

/**
 * 跟进方式: the list the follow-up form offers. Everyone reads it (`setting:read`), admins extend,
 * rename, reorder and retire methods (`setting:update`); a retired method stays on old records.
 */
function toMethod(r: q.MethodRow): FollowUpMethod {
  return { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, sortOrder: r.sortOrder, active: r.active, version: r.version };
}
const auditView = (r: FollowUpMethod) => ({ nameZh: r.nameZh, nameEn: r.nameEn, sortOrder: r.sortOrder, active: r.active });

export async function listMethods(deps: Deps, ctx: Ctx): Promise<FollowUpMethod[]> {
  requirePermission(ctx.actor, 'setting', 'read');
  return (await q.listMethods(deps.db)).map(toMethod);
}

export async function createMethod(deps: Deps, ctx: Ctx, input: z.infer<typeof createFollowUpMethodBody>): Promise<FollowUpMethod> {
  requirePermission(ctx.actor, 'setting', 'update');
  if (await q.findMethod(deps.db, input.code)) throw new AppError('DUPLICATE', { details: [{ path: 'code', key: 'duplicate.methodCode' }] });
  return deps.db.transaction(async (tx) => {
    await q.insertMethod(tx, { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, sortOrder: input.sortOrder ?? 1000, createdAt: ctx.now, updatedAt: ctx.now });
    const row = await q.findMethod(tx, input.code);
    if (!row) throw notFound('followUpMethod');
    const created = toMethod(row);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'follow_up_method', entityId: row.code, entityLabel: row.nameZh, after: auditView(created) });
    return created;
  });
}

export async function updateMethod(deps: Deps, ctx: Ctx, code: string, input: z.infer<typeof updateFollowUpMethodBody>): Promise<FollowUpMethod> {
  requirePermission(ctx.actor, 'setting', 'update');
  const before = await q.findMethod(deps.db, code);
  if (!before) throw notFound('followUpMethod');
  return deps.db.transaction(async (tx) => {
    const { version, ...changes } = input;
    const values: q.MethodValues = { ...changes, updatedAt: ctx.now };
    if (!(await q.updateMethod(tx, code, version, values))) throw versionConflict();
    const after = await q.findMethod(tx, code);
    if (!after) throw notFound('followUpMethod');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'follow_up_method', entityId: code, entityLabel: after.nameZh, before: auditView(toMethod(before)), after: auditView(toMethod(after)) });
    return toMethod(after);
  });
}
