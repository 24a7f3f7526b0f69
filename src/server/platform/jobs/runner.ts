import os from 'node:os';
import { PgBoss } from 'pg-boss';
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
  /** How often schedules are evaluated. */
  tickMs?: number;
  /** Name of this process in job_runs (default host:pid). */
  workerName?: string;
  pollingIntervalSeconds?: number;
}

export interface JobRunner {
  send<T>(job: JobDefinition<T>, data: T, options?: { startAfter?: Date; singletonKey?: string }): Promise<string | null>;
  /** Evaluates every schedule once (the timer calls this; tests may call it directly). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const SCHEMA = 'pgboss';

/**
 * Background jobs on pg-boss: queues with retries and a dead-letter queue per job, handlers run
 * by worker processes. Schedules are evaluated here rather than by pg-boss's cron so that each
 * occurrence carries a key: an occurrence is claimed through job_runs (one winner among all
 * processes) and its handler runs once even if the queue delivers it twice.
 */
export async function startJobs(deps: Deps, databaseUrl: string, jobs: JobDefinition<unknown>[], opts: JobRunnerOptions): Promise<JobRunner> {
  const worker = opts.workerName ?? `${os.hostname()}:${process.pid}`;
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
  await boss.start();

  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const job of byName.values()) {
    const dead = `${job.name}.dead`;
    await boss.createQueue(dead, {});
    await boss.createQueue(job.name, {
      retryLimit: job.retryLimit ?? 3,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
      deadLetter: dead,
    });
  }

  if (opts.work) {
    for (const job of byName.values()) {
      await boss.work<{ data: unknown; runKey: string | null }>(
        job.name,
        { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
        async ([item]) => {
          if (!item) return;
          const data = job.schema.parse(item.data.data);
          const runKey = item.data.runKey ?? null;
          if (runKey !== null && !(await startExecution(deps.db, job.name, runKey, worker, deps.clock.now()))) return;
          await job.handler(deps, data, { jobId: item.id, runKey, attempt: item.retryCount + 1 });
          if (runKey !== null) await finishExecution(deps.db, job.name, runKey, deps.clock.now());
        },
      );
    }
  }

  const scheduled = [...byName.values()].filter((j) => j.schedule);
  let lastTick = deps.clock.now();

  async function tick(): Promise<void> {
    const now = deps.clock.now();
    const from = lastTick;
    lastTick = now;
    for (const job of scheduled) {
      const schedule = job.schedule;
      if (!schedule) continue;
      const due = boss
        .previewSchedule(schedule.cron, { tz: schedule.tz ?? deps.config.timeZone, from: new Date(from.getTime() - 1), count: 50 })
        .filter((at) => at > from && at <= now);
      for (const at of due) {
        const runKey = at.toISOString();
        if (await claimOccurrence(deps.db, job.name, runKey, worker, now)) {
          await boss.send(job.name, { data: schedule.data, runKey }, { singletonKey: runKey });
        }
      }
    }
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  if (opts.work && scheduled.length > 0) {
    timer = setInterval(() => {
      if (running) return;
      running = tick()
        .catch((err: unknown) => opts.log.error({ err }, 'schedule evaluation failed'))
        .finally(() => {
          running = null;
        });
    }, opts.tickMs ?? 5_000);
  }

  return {
    send: async (job, data, options) =>
      boss.send(job.name, { data, runKey: null }, { ...(options?.startAfter ? { startAfter: options.startAfter } : {}), ...(options?.singletonKey ? { singletonKey: options.singletonKey } : {}) }),
    tick,
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
