import type { z } from 'zod';
import type { Deps } from '../deps.ts';

export interface JobContext {
  jobId: string;
  /** For scheduled runs: the occurrence this run is for (ISO time); null for one-off jobs. */
  runKey: string | null;
  attempt: number;
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
  /** Cron expression (5 fields) or RRULE, evaluated in `tz` (default: the server's TZ). */
  schedule?: { cron: string; tz?: string; data: T };
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
}

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}
