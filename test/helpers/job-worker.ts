/**
 * A worker process for test/integration/jobs.test.ts: the real job runner with one very frequent
 * schedule whose handler records a hit row, so the test can count runs across processes.
 *
 * Environment: DATABASE_URL (required), WORKER_NAME, TICK_MS. Prints "ready" once the runner has
 * started; on SIGTERM stops the runner and exits 0.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { loadConfig } from '../../src/server/config.ts';
import { connect } from '../../src/server/db/client.ts';
import { systemClock } from '../../src/server/platform/clock.ts';
import type { Deps } from '../../src/server/platform/deps.ts';
import { defineJob } from '../../src/server/platform/jobs/define.ts';
import { startJobs } from '../../src/server/platform/jobs/runner.ts';
import { assembleModules } from '../../src/server/platform/modules/manifest.ts';

/** Every 2 seconds; jobs.test.ts reads this name back from job_runs. */
const TICK_JOB = 'test.every-2s';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(2);
}
const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;

const line = (level: string) => (obj: object, msg?: string) =>
  process.stderr.write(`${JSON.stringify({ level, worker: name, msg, ...obj }, (_k, v: unknown) => (v instanceof Error ? v.stack : v))}\n`);
const log = { info: () => undefined, warn: line('warn'), error: line('error') };

const everyTwoSeconds = defineJob({
  name: TICK_JOB,
  schema: z.object({}),
  schedule: { cron: 'FREQ=SECONDLY;INTERVAL=2', data: {} },
  retryLimit: 1,
  retryDelaySeconds: 1,
  handler: async (deps, _data, job) => {
    // A little work, so a SIGTERM can land while a handler runs.
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
    await deps.db.execute(sql`insert into test_job_hits (run_key, worker) values (${job.runKey}, ${name})`);
  },
});

const database = connect(url, { max: 3, applicationName: `kehu-test-${name}` });
const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
// Only the test's own job runs here: no modules.
const deps: Deps = { db: database.db, clock: systemClock, config, appSecret: 'test-secret-not-used-here', modules: assembleModules([]) };

const runner = await startJobs(deps, url, [everyTwoSeconds], {
  log,
  work: true,
  workerName: name,
  tickMs: Number(process.env.TICK_MS ?? 250),
  pollingIntervalSeconds: 0.5,
});
process.stdout.write('ready\n');

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  runner
    .stop()
    .then(() => database.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
});
