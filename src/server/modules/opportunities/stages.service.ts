import type { z } from 'zod';
import type { createStageBody, PipelineStage, updateStageBody } from '../../../contracts/opportunities.ts';
import { newId } from '../../db/ids.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './opportunities.queries.ts';

/**
 * 销售阶段: the pipeline admins shape (`setting:update`): rename, re-weight, reorder, add and
 * retire open stages. Won and lost are fixed ends: renamed at most, their probability 100 and 0.
 */
export function stageView(row: q.StageRow): PipelineStage {
  return { id: row.id, key: row.key, nameZh: row.nameZh, nameEn: row.nameEn, kind: row.kind, probability: row.probability, sortOrder: row.sortOrder, active: row.active, version: row.version };
}

export async function listStages(deps: Deps, ctx: Ctx): Promise<PipelineStage[]> {
  requirePermission(ctx.actor, 'opportunity', 'read');
  return (await q.listStages(deps.db)).map(stageView);
}

export async function createStage(deps: Deps, ctx: Ctx, input: z.infer<typeof createStageBody>): Promise<PipelineStage> {
  requirePermission(ctx.actor, 'setting', 'update');
  const stages = await q.listStages(deps.db);
  const closedFrom = Math.min(...stages.filter((s) => s.kind !== 'open').map((s) => s.sortOrder));
  const lastOpen = Math.max(0, ...stages.filter((s) => s.kind === 'open').map((s) => s.sortOrder));
  const sortOrder = input.sortOrder ?? lastOpen + 10;
  // Open stages come before won and lost, so the board and the funnel end with the outcome.
  if (sortOrder >= closedFrom) throw invalid([{ path: 'sortOrder', key: 'stage.afterClosed', params: { max: closedFrom - 1 } }]);
  const id = newId();
  const row = { id, key: `stage_${id.slice(-12)}`, nameZh: input.nameZh, nameEn: input.nameEn, kind: 'open' as const, probability: input.probability, sortOrder, createdAt: ctx.now, updatedAt: ctx.now };
  return deps.db.transaction(async (tx) => {
    await q.insertStage(tx, row);
    const created = await q.findStage(tx, id);
    if (!created) throw notFound('stage');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'pipeline_stage', entityId: id, entityLabel: input.nameZh, after: { nameZh: input.nameZh, nameEn: input.nameEn, probability: input.probability, sortOrder } });
    return stageView(created);
  });
}

export async function updateStage(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateStageBody>): Promise<PipelineStage> {
  requirePermission(ctx.actor, 'setting', 'update');
  const before = await q.findStage(deps.db, id);
  if (!before) throw notFound('stage');
  const values: q.StageValues = { updatedAt: ctx.now };
  for (const key of ['nameZh', 'nameEn', 'probability', 'sortOrder', 'active'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  if (before.kind !== 'open') {
    if (input.probability !== undefined && input.probability !== before.probability) throw invalid([{ path: 'probability', key: 'stage.closedProbability' }]);
    if (input.active === false) throw invalid([{ path: 'active', key: 'stage.closedStays' }]);
    if (input.sortOrder !== undefined && input.sortOrder !== before.sortOrder) throw invalid([{ path: 'sortOrder', key: 'stage.closedStays' }]);
  } else if (input.sortOrder !== undefined) {
    const closedFrom = Math.min(...(await q.listStages(deps.db)).filter((s) => s.kind !== 'open').map((s) => s.sortOrder));
    if (input.sortOrder >= closedFrom) throw invalid([{ path: 'sortOrder', key: 'stage.afterClosed', params: { max: closedFrom - 1 } }]);
  }
  if (input.active === false && before.active) {
    const inStage = await q.opportunitiesInStage(deps.db, id);
    if (inStage > 0) throw businessRule('stage.notEmpty', { count: inStage });
  }
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateStage(tx, id, input.version, values))) throw versionConflict();
    const after = await q.findStage(tx, id);
    if (!after) throw notFound('stage');
    const view = (s: q.StageRow) => ({ nameZh: s.nameZh, nameEn: s.nameEn, probability: s.probability, sortOrder: s.sortOrder, active: s.active });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'pipeline_stage', entityId: id, entityLabel: after.nameZh, before: view(before), after: view(after) });
    return stageView(after);
  });
}
