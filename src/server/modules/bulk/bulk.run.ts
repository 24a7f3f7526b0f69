import type { BulkAction } from '../../../contracts/bulk.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { actorFor } from '../../platform/access/actors.ts';
import { findUserWithRole } from '../../platform/access/actors.queries.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notify } from '../notifications/index.ts';
import * as q from './bulk.queries.ts';
import { BATCH, notifyNewOwner, requireActionPermission, runBatch, stepOf, type Plan, type Tally } from './bulk.steps.ts';

/**
 * Runs a queued bulk job as the user who started it, with the rights they have now. Each batch
 * commits with the job's progress, so a job delivered again (after a crash or a retry) carries on
 * after the last committed batch; two deliveries at once take turns on the job's row.
 */
export async function runBulkJob(deps: Deps, jobId: string, opts: { lastAttempt: boolean }): Promise<void> {
  const job = await q.findJob(deps.db, jobId, null);
  if (!job || job.status === 'succeeded' || job.status === 'failed') return;
  const user = job.createdBy ? await findUserWithRole(deps.db, job.createdBy) : null;
  const finish = async (tx: DbOrTx, values: q.BulkJobValues, tally: Tally | null) => {
    const at = deps.clock.now();
    await q.updateJob(tx, jobId, { ...values, finishedAt: at, updatedAt: at });
    if (!job.createdBy) return;
    const failed = values.status === 'failed';
    await notify(
      tx,
      [job.createdBy],
      {
        kind: failed ? 'bulk.failed' : job.entity === 'customer' ? 'bulk.customers_done' : 'bulk.leads_done',
        params: { total: job.total, done: tally?.done ?? 0, skipped: tally?.skipped ?? 0 },
        dedupeKey: `bulk:${jobId}`,
      },
      at,
    );
    if (user && tally) await notifyNewOwner(tx, { entity: job.entity, action: job.action as BulkAction, params: job.params }, tally.done, { userId: user.id, displayName: user.displayName }, at);
  };
  if (!user || user.status !== 'active') {
    await finish(deps.db, { status: 'failed', failureKey: 'bulk.starterInactive' }, null);
    return;
  }
  const actor = { ...(await actorFor(deps.db, user, { sessionId: '' })), sessionId: null };
  const ctx: Ctx = { actor, ip: null, now: deps.clock.now() };
  const plan: Plan = { entity: job.entity, action: job.action as BulkAction, params: job.params };
  await q.updateJob(deps.db, jobId, { status: 'running', startedAt: job.startedAt ?? ctx.now, updatedAt: ctx.now }, ['queued', 'running']);
  try {
    requireActionPermission(actor, plan);
    const step = stepOf(plan);
    for (;;) {
      const more = await deps.db.transaction(async (tx) => {
        const current = await q.lockJob(tx, jobId);
        if (current?.status !== 'running') return false;
        const latest = await q.findJob(tx, jobId, null);
        if (!latest) return false;
        const tally: Tally = { done: latest.doneCount, skipped: latest.skippedCount, reasons: latest.reasons };
        const ids = await q.jobRecordIds(tx, jobId, current.processed, BATCH);
        await runBatch(deps, tx, ctx, step, ids, tally);
        const processed = current.processed + ids.length;
        const values = { processed, doneCount: tally.done, skippedCount: tally.skipped, reasons: tally.reasons, updatedAt: deps.clock.now() };
        if (processed >= latest.total) {
          // Before the job reports done, so that lists and searches on the changed records are planned on them.
          await q.analyzeAfterBulk(tx, job.entity, job.action, tally.done);
          await finish(tx, { ...values, status: 'succeeded' }, tally);
          return false;
        }
        await q.updateJob(tx, jobId, values);
        return true;
      });
      if (!more) return;
    }
  } catch (error) {
    // Bad input shared by every record (the owner left the caller's scope since) or lost rights:
    // the job stops, the batches done so far stay done.
    if (error instanceof AppError || opts.lastAttempt) {
      const latest = await q.findJob(deps.db, jobId, null);
      await finish(deps.db, { status: 'failed', failureKey: failureKeyOf(error) }, latest ? { done: latest.doneCount, skipped: latest.skippedCount, reasons: latest.reasons } : null);
      if (error instanceof AppError) return;
    }
    // Unexpected (the database went away…): retried by the queue, from the last committed batch.
    throw error;
  }
}

/** Why a job stopped, as a message that reads without the request's parameters. */
function failureKeyOf(error: unknown): string {
  if (!(error instanceof AppError)) return 'INTERNAL';
  // A detail names a field of the original request (an owner no longer in one's scope…).
  if (error.code === 'VALIDATION_FAILED') return 'bulk.inputNoLongerValid';
  return error.key;
}
