import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { jobRuns } from '../../db/schema/index.ts';

/**
 * Claims one occurrence of a scheduled job. The primary key (job, run_key) makes exactly one
 * scheduler win, however many processes evaluate the same schedule at the same moment.
 */
export async function claimOccurrence(db: DbOrTx, job: string, runKey: string, worker: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(jobRuns)
    .values({ job, runKey, scheduledBy: worker, scheduledAt: at })
    .onConflictDoNothing()
    .returning({ job: jobRuns.job });
  return rows.length === 1;
}

/**
 * Marks the start of an execution. Returns false when the run already finished (a duplicate
 * delivery): the handler is then skipped, so a scheduled run takes effect once.
 */
export async function startExecution(db: Db, job: string, runKey: string, worker: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ worker, startedAt: at, executions: sql`${jobRuns.executions} + 1` })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.runKey, runKey), isNull(jobRuns.finishedAt)))
    .returning({ job: jobRuns.job });
  return rows.length === 1;
}

export async function finishExecution(db: Db, job: string, runKey: string, at: Date): Promise<void> {
  await db
    .update(jobRuns)
    .set({ finishedAt: at })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.runKey, runKey)));
}

/** Deletes the history of occurrences scheduled before `before`; returns how many rows went. */
export async function deleteRunsScheduledBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(jobRuns).where(lt(jobRuns.scheduledAt, before)).returning({ job: jobRuns.job });
  return rows.length;
}
