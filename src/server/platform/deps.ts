import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from './clock.ts';

/** What every use case may depend on. Built once per process in app.ts (or by a test). */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Key for HMACs of session and token secrets (APP_SECRET or generated once per install). */
  appSecret: string;
}
