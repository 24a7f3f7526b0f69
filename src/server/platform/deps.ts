import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from './clock.ts';
import type { JobDefinition } from './jobs/define.ts';
import type { AssembledModules } from './modules/manifest.ts';
import type { FileStorage } from './storage/storage.ts';

/** Puts a one-off job on its queue, from any process (see jobs/runner.ts). */
export interface JobSender {
  send<T>(job: JobDefinition<T>, data: T, options?: { startAfter?: Date; singletonKey?: string }): Promise<string | null>;
}

/** What every use case may depend on. Built once per process in app.ts (or by a test). */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Key for HMACs of session and token secrets (APP_SECRET or generated once per install). */
  appSecret: string;
  /** The assembled module manifests: permission catalogue, jobs, routes, messages, kinds. */
  modules: AssembledModules;
  /** Absent where no job runner was started (some tests): use cases that enqueue then answer 503. */
  jobs?: JobSender;
  /** Uploaded files (attachments). Absent in tests that build Deps without it: uploads then answer 503. */
  storage?: FileStorage;
}
