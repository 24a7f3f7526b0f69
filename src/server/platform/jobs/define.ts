import type { z } from 'zod';
import type { Deps } from '../deps.ts';

export interface JobContext {
  jobId: string;
  /** For scheduled runs: the occurrence this run is for (ISO time); null for one-off jobs. */
  runKey: string | null;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the process stops and the handler overran the grace period; long handlers should stop. */
  signal: AbortSignal;
}

export interface JobSchedule<T> {
  /** Cron expression (5 fields, or 6 with seconds) or RRULE such as `FREQ=DAILY;BYHOUR=8`. */
  cron: string;
  /** IANA zone the expression is read in (default: TZ of the server). */
  tz?: string;
  data: T;
  /**
   * When a worker starts, the latest occurrence of the last `catchUpSeconds` is run if no process
   * ran it (all workers were down at 08:00 → the 08:00 report still goes out). Only the latest:
   * a missed hour of a per-minute job is one run, not sixty. Default 3600; 0 = never catch up.
   * Keep it well below the 30 days job_runs remembers occurrences (runs.jobs.ts).
   */
  catchUpSeconds?: number;
}

/**
 * A background job a module owns. Handlers must be idempotent: a retry after a crash runs
 * them again with the same data.
 */
export interface JobDefinition<T = unknown> {
  /** `<module>.<what>`, e.g. `sessions.purge`. Letters, digits, dots and hyphens. */
  name: string;
  schema: z.ZodType<T>;
  // Method syntax on purpose: it lets a JobDefinition<X> stand in a JobDefinition<unknown>[] list.
  handler(deps: Deps, data: T, job: JobContext): Promise<void>;
  schedule?: JobSchedule<T>;
  /** Retries after the first failure before the job goes to `<name>.dead` (default 3). */
  retryLimit?: number;
  /** Delay before the first retry (default 30 s); doubled, with jitter, for each further one. */
  retryDelaySeconds?: number;
  /** false = wait retryDelaySeconds before every retry (default true). */
  retryBackoff?: boolean;
  /** A run still active after this long counts as failed and is retried (default 15 min). */
  expireInSeconds?: number;
}

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}
