import type { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import { BULK_MAX_RECORDS, type BulkCustomersBody, type bulkCustomerCountQuery, type BulkLeadsBody, type bulkLeadCountQuery, type BulkResult } from '../../../contracts/bulk.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { translate } from '../../platform/http/messages.ts';
import { customerFilterConditions, customerSortKey } from '../customers/index.ts';
import { leadFilterConditions, leadSortKey } from '../leads/index.ts';
import { bulkRunJob } from './bulk.jobs.ts';
import * as q from './bulk.queries.ts';
import { batchesOf, uniqueIds, type SkipCount } from './bulk.rules.ts';
import { BATCH, notifyNewOwner, requireActionPermission, runBatch, stepOf, type Plan, type Tally } from './bulk.steps.ts';

export function presentReasons(reasons: readonly SkipCount[], locale: Locale) {
  return reasons.map((r) => ({ reason: r.key, message: translate(locale, r.key, r.params), count: r.count }));
}

// ---------------------------------------------------------------------------------------------
// Selection

function requireOneSelection(body: { ids?: string[] | undefined; filter?: object | undefined }): void {
  if ((body.ids === undefined) === (body.filter === undefined)) throw invalid([{ path: 'ids', key: 'bulk.selection' }]);
}

function tooMany(ids: readonly string[]): void {
  if (ids.length > BULK_MAX_RECORDS) throw invalid([{ path: 'filter', key: 'bulk.tooMany', params: { max: BULK_MAX_RECORDS } }]);
}

/** The records a customer action works on: the ids given, or every customer the filter matches in the caller's scope. */
async function customerIds(deps: Deps, ctx: Ctx, body: BulkCustomersBody): Promise<string[]> {
  if (body.ids) return uniqueIds(body.ids);
  const filter = body.filter ?? { tagMatch: 'any' as const };
  const ids = await q.matchingCustomerIds(deps.db, ctx.actor, customerFilterConditions(filter, ctx.now, deps.config.timeZone), customerSortKey(filter.sort ?? '-createdAt'), BULK_MAX_RECORDS + 1);
  tooMany(ids);
  return ids;
}

async function leadIds(deps: Deps, ctx: Ctx, body: BulkLeadsBody): Promise<string[]> {
  if (body.ids) return uniqueIds(body.ids);
  const filter = body.filter ?? {};
  const ids = await q.matchingLeadIds(deps.db, ctx.actor, leadFilterConditions(filter, ctx.now), leadSortKey(filter.sort ?? '-createdAt'), BULK_MAX_RECORDS + 1);
  tooMany(ids);
  return ids;
}

/** "Select all N matching": how many customers the list's filters match in the caller's scope. */
export async function countCustomers(deps: Deps, ctx: Ctx, filter: z.infer<typeof bulkCustomerCountQuery>): Promise<number> {
  requirePermission(ctx.actor, 'customer', 'read');
  return q.countMatchingCustomers(deps.db, ctx.actor, customerFilterConditions(filter, ctx.now, deps.config.timeZone));
}

export async function countLeads(deps: Deps, ctx: Ctx, filter: z.infer<typeof bulkLeadCountQuery>): Promise<number> {
  requirePermission(ctx.actor, 'lead', 'read');
  return q.countMatchingLeads(deps.db, ctx.actor, leadFilterConditions(filter, ctx.now));
}

// ---------------------------------------------------------------------------------------------
// Running

export async function bulkCustomers(deps: Deps, ctx: Ctx, locale: Locale, body: BulkCustomersBody): Promise<BulkResult> {
  const params: Record<string, string> = {};
  if (body.action === 'transfer') params.ownerId = body.ownerId;
  if (body.action === 'addTag' || body.action === 'removeTag') params.tagId = body.tagId;
  if (body.action === 'setStage') params.stage = body.stage;
  const plan: Plan = { entity: 'customer', action: body.action, params };
  requireActionPermission(ctx.actor, plan);
  requireOneSelection(body);
  if (params.tagId && !(await q.tagExists(deps.db, params.tagId))) throw invalid([{ path: 'tagId', key: 'NOT_FOUND', params: { entity: 'tag' } }]);
  return start(deps, ctx, locale, plan, await customerIds(deps, ctx, body));
}

export async function bulkLeads(deps: Deps, ctx: Ctx, locale: Locale, body: BulkLeadsBody): Promise<BulkResult> {
  const params: Record<string, string> = body.action === 'transfer' ? { ownerId: body.ownerId } : { status: body.status };
  const plan: Plan = { entity: 'lead', action: body.action, params };
  requireActionPermission(ctx.actor, plan);
  requireOneSelection(body);
  return start(deps, ctx, locale, plan, await leadIds(deps, ctx, body));
}

/**
 * Up to the sync limit the request does the work, a batch per transaction, and answers with the
 * counts; above it the records go to a job (GET /bulk-jobs/{id} shows its progress, a notification
 * tells when it is done).
 */
async function start(deps: Deps, ctx: Ctx, locale: Locale, plan: Plan, ids: string[]): Promise<BulkResult> {
  const step = stepOf(plan);
  if (ids.length > deps.config.bulkSyncLimit) {
    if (!deps.jobs) throw new AppError('UNAVAILABLE');
    const id = await q.insertJob(deps.db, { entity: plan.entity, action: plan.action, params: plan.params, recordIds: ids, total: ids.length, createdBy: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now });
    await deps.jobs.send(bulkRunJob, { jobId: id }, { singletonKey: id });
    const job = await q.findJob(deps.db, id, null);
    if (!job) throw notFound('bulk_job');
    return present(job, locale);
  }
  const tally: Tally = { done: 0, skipped: 0, reasons: [] };
  for (const batch of batchesOf(ids, BATCH)) {
    await deps.db.transaction((tx) => runBatch(deps, tx, ctx, step, batch, tally));
  }
  // A few hundred records can still be a large part of a small table (see analyzeAfterBulk).
  await q.analyzeAfterBulk(deps.db, plan.entity, plan.action, tally.done);
  await notifyNewOwner(deps.db, plan, tally.done, ctx.actor, deps.clock.now());
  return {
    id: null,
    entity: plan.entity,
    action: plan.action,
    status: 'done',
    total: ids.length,
    processed: ids.length,
    done: tally.done,
    skipped: tally.skipped,
    reasons: presentReasons(tally.reasons, locale),
    failure: null,
    createdAt: null,
    finishedAt: null,
  };
}

export function present(job: q.BulkJob, locale: Locale): BulkResult {
  return {
    id: job.id,
    entity: job.entity,
    action: job.action as BulkResult['action'],
    status: job.status,
    total: job.total,
    processed: job.processed,
    done: job.doneCount,
    skipped: job.skippedCount,
    reasons: presentReasons(job.reasons, locale),
    failure: job.failureKey ? translate(locale, job.failureKey) : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** A bulk job's progress and outcome, for the user who started it. */
export async function getBulkJob(deps: Deps, ctx: Ctx, locale: Locale, id: string): Promise<BulkResult> {
  const job = await q.findJob(deps.db, id, ctx.actor.userId);
  if (!job) throw notFound('bulk_job');
  return present(job, locale);
}
