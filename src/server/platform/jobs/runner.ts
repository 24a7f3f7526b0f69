import os from 'node:os';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { PgBoss, type Job, type JobResult, type Queue } from 'pg-boss';
import { z } from 'zod';
import * as schema from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import type { JobDefinition } from './define.ts';
import { claimOccurrence, finishExecution, startExecution } from './runs.queries.ts';

interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobRunnerOptions {
  log: Log;
  /** Run handlers and schedules in this process (worker role); false = only send jobs (api role). */
  work: boolean;
  /** How often schedules are evaluated (default 5 s); 0 = never by itself, the caller calls tick(). */
  tickMs?: number;
  /** Name of this process in job_runs (default host:pid). */
  workerName?: string;
  /** How often an idle worker looks for new jobs (default 2 s, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** How long stop() lets running handlers finish before failing them (default 10 s). */
  stopGraceMs?: number;
}

export interface JobRunner {
  send<T>(job: JobDefinition<T>, data: T, options?: { startAfter?: Date; singletonKey?: string }): Promise<string | null>;
  /** Evaluates every schedule once (the timer calls this; tests may call it directly). */
  tick(): Promise<void>;
  /** Stops scheduling, waits for running handlers (up to stopGraceMs), closes connections. */
  stop(): Promise<void>;
}

const SCHEMA = 'pgboss';
const DEFAULT_CATCH_UP_SECONDS = 3600;
/** pg-boss's ceiling for one previewSchedule call. */
const PREVIEW_MAX = 1000;
/** Dead letters wait for a person; pg-boss deletes waiting jobs after retentionSeconds (default 14 days). */
const DEAD_LETTER_RETENTION_SECONDS = 30 * 86_400;

/** What goes on a queue: the job's data plus, for a scheduled run, the occurrence it is for. */
const envelopeSchema = z.object({ data: z.unknown(), runKey: z.string().nullable() });
type Envelope = z.infer<typeof envelopeSchema>;

/**
 * Background jobs on pg-boss: queues with retries and a dead-letter queue per job, handlers run
 * by worker processes. Schedules are evaluated here rather than by pg-boss's cron so that each
 * occurrence carries a key: an occurrence is claimed through job_runs (one winner among all
 * processes) and its handler runs once even if the queue delivers it twice.
 * See docs/decisions/0002-own-scheduler-over-pgboss-cron.md.
 */
export async function startJobs(deps: Deps, databaseUrl: string, jobs: JobDefinition<unknown>[], opts: JobRunnerOptions): Promise<JobRunner> {
  const worker = opts.workerName ?? `${os.hostname()}:${process.pid}`;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const scheduled = [...byName.values()].filter((j) => j.schedule);
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: SCHEMA,
    application_name: `kehu-jobs-${opts.work ? 'worker' : 'api'}`,
    max: 4,
    // Only workers maintain the queues; our own scheduler replaces pg-boss's cron.
    supervise: opts.work,
    schedule: false,
  });
  boss.on('error', (err: unknown) => opts.log.error({ err }, 'job queue error'));
  boss.on('warning', (warning: unknown) => opts.log.warn({ warning }, 'job queue warning'));

  // A typo in a schedule fails the start, not silently every tick (previewSchedule is pure).
  for (const job of scheduled) {
    try {
      boss.previewSchedule(job.schedule?.cron ?? '', { tz: job.schedule?.tz ?? deps.config.timeZone, count: 1 });
    } catch (err) {
      throw new Error(`Job ${job.name}: invalid schedule "${job.schedule?.cron}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  // pg-boss installs or migrates its schema under an advisory lock, so processes may start together.
  await boss.start();

  async function ensureQueue(name: string, options: Omit<Queue, 'name'>): Promise<void> {
    // createQueue is safe to race (advisory lock + ON CONFLICT DO NOTHING) but keeps an existing
    // queue's options; updateQueue then applies what changed in code since it was created.
    await boss.createQueue(name, options);
    await boss.updateQueue(name, options);
  }
  for (const job of byName.values()) {
    const dead = `${job.name}.dead`;
    await ensureQueue(dead, { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS });
    await ensureQueue(job.name, {
      retryLimit: job.retryLimit ?? 3,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: job.retryBackoff ?? true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
      deadLetter: dead,
    });
  }

  async function execute(job: JobDefinition<unknown>, item: Job<unknown>): Promise<JobResult> {
    const envelope = envelopeSchema.safeParse(item.data);
    const data = envelope.success ? job.schema.safeParse(envelope.data.data) : envelope;
    if (!envelope.success || !data.success) {
      // A payload that does not fit the schema fails the same way on every retry: it goes to the
      // dead-letter queue at once, with the reason, instead of after retryLimit useless attempts.
      const issues = (envelope.success ? data.error : envelope.error)?.issues ?? [];
      opts.log.error({ job: job.name, jobId: item.id, issues }, 'invalid job payload, sent to the dead-letter queue');
      return { id: item.id, status: 'deadletter', output: { error: 'invalid payload', issues } };
    }
    const runKey = envelope.data.runKey;
    // A scheduled run that already finished (a redelivery after a lost completion, an expired job
    // retried while the first attempt was still finishing) is done: the handler is skipped.
    if (runKey !== null && !(await startExecution(deps.db, job.name, runKey, worker, deps.clock.now()))) {
      return { id: item.id, status: 'completed', output: { skipped: 'run already finished' } };
    }
    const attempt = item.retryCount + 1;
    try {
      await job.handler(deps, data.data, { jobId: item.id, runKey, attempt, signal: item.signal });
    } catch (err) {
      // Thrown on, so pg-boss records the error and retries (or dead-letters) the job.
      opts.log.warn({ err, job: job.name, jobId: item.id, runKey, attempt }, 'job failed');
      throw err;
    }
    if (runKey !== null) await finishExecution(deps.db, job.name, runKey, deps.clock.now());
    return { id: item.id, status: 'completed' };
  }

  /** This process's worker of each job it works on. */
  const workerIds = new Map<string, string>();
  if (opts.work) {
    for (const job of byName.values()) {
      const workerId = await boss.work<Envelope>(
        job.name,
        // perJobResults is what lets a handler send a job straight to the dead-letter queue.
        { batchSize: 1, perJobResults: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
        async (items) => Promise.all(items.map((item) => execute(job, item))),
      );
      workerIds.set(job.name, workerId);
    }
  }

  // Schedules use a pool of their own: a claim and the job it enqueues must share one connection
  // so they commit in one transaction (see claimAndSend).
  const claimPool = new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: 'kehu-jobs-scheduler' });
  claimPool.on('error', () => undefined);

  /** Claims one occurrence and, if this process won it, enqueues it. */
  async function claimAndSend(job: JobDefinition<unknown>, at: Date, data: unknown): Promise<void> {
    const runKey = at.toISOString();
    const client = await claimPool.connect();
    try {
      await drizzle({ client, schema, casing: 'snake_case' }).transaction(async (tx) => {
        if (!(await claimOccurrence(tx, job.name, runKey, worker, deps.clock.now()))) return;
        // Same connection, same transaction: a crash between the claim and the send cannot leave
        // an occurrence claimed by nobody's job.
        await boss.send(job.name, { data, runKey } satisfies Envelope, { db: { executeSql: (text, values) => client.query(text, values) } });
      });
    } finally {
      client.release();
    }
  }

  /** Occurrences in (from, to]. previewSchedule lists them strictly after `from`. */
  function occurrences(cron: string, tz: string, from: Date, to: Date): Date[] {
    const found: Date[] = [];
    let after = from;
    // One occurrence first, then twice as many each round: a tick's window usually holds none,
    // and each occurrence computed past `to` is waste (a sparse cron costs milliseconds each).
    for (let count = 1; ; count = Math.min(count * 2, PREVIEW_MAX)) {
      const page = boss.previewSchedule(cron, { tz, from: after, count });
      for (const at of page) {
        if (at > to) return found;
        found.push(at);
      }
      const last = page.at(-1);
      if (!last || page.length < count) return found; // a finite RRULE ran out
      after = last;
    }
  }

  // Each process evaluates the windows (lastTick, now] back to back, so as long as one worker
  // runs, no occurrence falls between two windows; the claim makes overlapping processes harmless.
  let lastTick: Date | null = null;
  async function tick(): Promise<void> {
    const now = deps.clock.now();
    const previous = lastTick;
    lastTick = now;
    for (const job of scheduled) {
      const schedule = job.schedule;
      if (!schedule) continue;
      const catchUpMs = (schedule.catchUpSeconds ?? DEFAULT_CATCH_UP_SECONDS) * 1000;
      const tz = schedule.tz ?? deps.config.timeZone;
      const due = occurrences(schedule.cron, tz, previous ?? new Date(now.getTime() - catchUpMs), now);
      // First tick of this process: only the latest occurrence of the catch-up window (usually one
      // another process, or this one before a restart, already claimed: then nothing happens).
      for (const at of previous === null ? due.slice(-1) : due) await claimAndSend(job, at, schedule.data);
    }
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const runTick = () => {
    if (running || stopped) return;
    running = tick()
      .catch((err: unknown) => opts.log.error({ err }, 'schedule evaluation failed'))
      .finally(() => {
        running = null;
      });
  };
  const tickMs = opts.tickMs ?? 5_000;
  if (opts.work && scheduled.length > 0 && tickMs > 0) {
    timer = setInterval(runTick, tickMs);
    runTick(); // catch up now rather than one interval after the start
  }

  return {
    send: async (job, data, options) => {
      const id = await boss.send(job.name, { data, runKey: null } satisfies Envelope, {
        ...(options?.startAfter ? { startAfter: options.startAfter } : {}),
        ...(options?.singletonKey ? { singletonKey: options.singletonKey } : {}),
      });
      // A job due now is fetched by this process's worker at once rather than at its next poll
      // (up to pollingIntervalSeconds later): a user who started an import waits for it.
      const workerId = workerIds.get(job.name);
      if (id && workerId && !options?.startAfter) boss.notifyWorker(workerId);
      return id;
    },
    tick,
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      // Graceful: pg-boss stops fetching, waits for running handlers up to the grace period, then
      // fails the ones still running (they are retried, by another worker or after a restart) and
      // aborts their signal.
      await boss.stop({ graceful: true, timeout: opts.stopGraceMs ?? 10_000 });
      await claimPool.end();
    },
  };
}
